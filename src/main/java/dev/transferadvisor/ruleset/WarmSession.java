package dev.transferadvisor.ruleset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.drools.base.InitialFact;
import org.kie.api.KieBase;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;
import org.kie.api.runtime.rule.FactHandle;

/**
 * One session of a ruleset in which the reference data is already resident: the rules that need no
 * fact of a case (condition-less rules under {@code config/}, and what derives from their facts alone)
 * fired once when the session was made. An evaluation inserts the case's facts, fires, reads the
 * answer and deletes the case's facts again; since every conclusion drawn from a case is inserted
 * logically, truth maintenance withdraws them all, and the session is back where it started.
 *
 * <p>Not thread-safe: the pool lends a session to one request at a time. The recorder stays attached
 * for the session's life and keeps raw objects while rules fire; summaries are made once firing ends.
 */
final class WarmSession {

    /** A firing as recorded while rules fire: raw facts, summarised only once the evaluation is done. */
    private record Firing(RuleInfo rule, Object[] matched, List<Object> inserted) {
    }

    private final KieSession session;
    private final Function<Rule, RuleInfo> rules;
    private final List<FactHandle> handles = new ArrayList<>();

    // resident facts live as long as the session: summarise each once, and remember which resident
    // firing inserted it
    private final Map<Object, String> residentSummaries = new IdentityHashMap<>();
    private final Map<Object, Integer> residentInsertedBy = new IdentityHashMap<>();
    private final List<Produced> residentProduced = new ArrayList<>();
    private long residentFactCount;

    // what the evaluation under way recorded
    private final List<Firing> firings = new ArrayList<>();
    private final List<Produced> produced = new ArrayList<>();
    private final Map<Object, Integer> insertedBy = new IdentityHashMap<>();
    private final Set<Object> residentGone = Collections.newSetFromMap(new IdentityHashMap<>());
    private List<Object> pending = new ArrayList<>();
    private boolean restoring;
    private boolean residentTouched;

    private WarmSession(KieSession session, Function<Rule, RuleInfo> rules) {
        this.session = session;
        this.rules = rules;
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                pending = new ArrayList<>(2);
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                if (restoring) {
                    return;
                }
                RuleInfo rule = WarmSession.this.rules.apply(event.getMatch().getRule());
                List<Object> objects = event.getMatch().getObjects();
                int n = 0;
                Object[] matched = new Object[objects.size()];
                for (Object fact : objects) {
                    if (!(fact instanceof InitialFact)) { // the engine's own start token, not a fact of anyone's
                        matched[n++] = fact;
                    }
                }
                firings.add(new Firing(rule, n == matched.length ? matched : Arrays.copyOf(matched, n), pending));
            }
        });
        session.addEventListener(new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                if (restoring || event.getRule() == null) {
                    return;
                }
                Object fact = event.getObject();
                produced.add(new Produced(fact, WarmSession.this.rules.apply(event.getRule()).id()));
                // the firing under way gets the next sequence number once its consequence returns
                insertedBy.put(fact, firings.size() + 1);
                pending.add(fact);
            }

            @Override
            public void objectDeleted(ObjectDeletedEvent event) {
                Object gone = event.getOldObject();
                if (residentInsertedBy.containsKey(gone)) {
                    // a resident conclusion withdrawn by this case; if it comes back while the case is
                    // withdrawn, it is a new object the session's bookkeeping does not know
                    residentGone.add(gone);
                    residentTouched = true;
                } else if (!restoring) {
                    produced.removeIf(p -> p.fact() == gone);
                }
            }
        });
    }

    /**
     * Makes a session and fires the reference data into it. The firings it records are the resident
     * trace of the ruleset version, the same in every session of it.
     *
     * @throws RuleEvaluationException when a reference-data rule throws or loops
     */
    static WarmSession warm(KieBase kieBase, Function<Rule, RuleInfo> rules, int maxFirings, List<TraceEntry> residentTrace) {
        WarmSession warm = new WarmSession(kieBase.newKieSession(), rules);
        try {
            warm.fire(maxFirings);
            for (int i = 0; i < warm.firings.size(); i++) {
                for (Object fact : warm.firings.get(i).inserted()) {
                    warm.residentInsertedBy.put(fact, i + 1);
                }
            }
            warm.residentProduced.addAll(warm.produced);
            if (residentTrace != null) {
                residentTrace.addAll(warm.trace(warm.residentSummaries, false));
            }
            warm.residentFactCount = warm.session.getFactCount();
            warm.clear();
            return warm;
        } catch (RuntimeException e) {
            warm.dispose();
            throw e;
        }
    }

    /**
     * Evaluates facts in a session of their own with nothing resident: reference data and case fire
     * together, as a single session per request did before sessions were pooled. The trace holds every
     * firing. For equivalence checks.
     */
    static Evaluation once(KieBase kieBase, Function<Rule, RuleInfo> rules, String version, Collection<?> facts, int maxFirings) {
        WarmSession cold = new WarmSession(kieBase.newKieSession(), rules);
        try {
            return cold.evaluate(version, facts, maxFirings).evaluation();
        } finally {
            cold.dispose();
        }
    }

    long residentFactCount() {
        return residentFactCount;
    }

    /**
     * Evaluates the facts of one case, then withdraws them. Returns whether the session is reusable:
     * back at its resident fact count with nothing fired on the way back.
     */
    Outcome evaluate(String version, Collection<?> facts, int maxFirings) {
        clear();
        for (Object fact : facts) {
            handles.add(session.insert(fact));
        }
        fire(maxFirings);
        List<Produced> all = new ArrayList<>(residentProduced.size() + produced.size());
        for (Produced p : residentProduced) {
            if (!residentGone.contains(p.fact())) {
                all.add(p);
            }
        }
        all.addAll(produced);
        Evaluation evaluation = new Evaluation(version, trace(new IdentityHashMap<>(), true), List.copyOf(all));
        return new Outcome(evaluation, withdraw(maxFirings));
    }

    /** What one evaluation gave, and whether the session may serve again. */
    record Outcome(Evaluation evaluation, boolean reusable) {
    }

    /**
     * Deletes the case's facts and lets the engine settle. Deletions propagate lazily, so a rule may
     * still fire on the way back (a {@code not Plan()} seen true before a conclusion of the plan is
     * withdrawn); what it inserts is withdrawn in turn. The session is reusable when it is back at its
     * resident fact count with every resident fact the very object it was.
     */
    private boolean withdraw(int maxFirings) {
        try {
            restoring = true;
            for (FactHandle handle : handles) {
                session.delete(handle);
            }
            handles.clear();
            int fired = session.fireAllRules(maxFirings);
            return fired < maxFirings && !residentTouched && session.getFactCount() == residentFactCount;
        } catch (RuntimeException e) {
            return false;
        } finally {
            restoring = false;
            clear();
        }
    }

    private void fire(int maxFirings) {
        int fired;
        try {
            fired = session.fireAllRules(maxFirings);
        } catch (ConsequenceException e) {
            RuleInfo rule = rules.apply(e.getMatch().getRule());
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RuleEvaluationException(rule.id(), false,
                    "rule " + rule.id() + " (" + rule.file() + ":" + rule.line() + ") failed: " + cause, e);
        }
        if (fired >= maxFirings) {
            Map<String, Integer> byRule = new HashMap<>();
            firings.forEach(firing -> byRule.merge(firing.rule().id(), 1, Integer::sum));
            String culprit = byRule.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("?");
            throw new RuleEvaluationException(culprit, true, "rules fired " + fired
                    + " times, the limit per evaluation; rule " + culprit + " fired most (" + byRule.get(culprit)
                    + " times) and probably loops: make its conditions false once it has acted", null);
        }
    }

    /**
     * The recorded firings as trace entries. A matched fact that came from the reference data is named
     * by its (cached) summary; {@code derivedFrom} points at firings of this same trace only.
     */
    private List<TraceEntry> trace(Map<Object, String> summaries, boolean caseFirings) {
        List<TraceEntry> trace = new ArrayList<>(firings.size());
        for (int i = 0; i < firings.size(); i++) {
            Firing firing = firings.get(i);
            List<String> matched = new ArrayList<>(firing.matched().length);
            List<Integer> derivedFrom = new ArrayList<>(2);
            for (Object fact : firing.matched()) {
                matched.add(summary(fact, summaries, caseFirings));
                Integer parent = insertedBy.get(fact);
                if (parent != null && !derivedFrom.contains(parent)) {
                    derivedFrom.add(parent);
                }
            }
            derivedFrom.sort(null);
            List<String> inserted = new ArrayList<>(firing.inserted().size());
            for (Object fact : firing.inserted()) {
                inserted.add(summary(fact, summaries, caseFirings));
            }
            trace.add(new TraceEntry(i + 1, firing.rule().id(), firing.rule().file(), firing.rule().metadata(), matched,
                    derivedFrom, inserted));
        }
        return trace;
    }

    private String summary(Object fact, Map<Object, String> summaries, boolean caseFirings) {
        if (caseFirings && residentInsertedBy.containsKey(fact)) {
            return residentSummaries.computeIfAbsent(fact, FactSummary::of);
        }
        return summaries.computeIfAbsent(fact, FactSummary::of);
    }

    private void clear() {
        firings.clear();
        produced.clear();
        insertedBy.clear();
        residentGone.clear();
        handles.clear();
        pending = new ArrayList<>();
    }

    void dispose() {
        session.dispose();
    }
}
