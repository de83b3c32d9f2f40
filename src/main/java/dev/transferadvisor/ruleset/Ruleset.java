package dev.transferadvisor.ruleset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;
import org.drools.base.InitialFact;


/**
 * One compiled, immutable version of the rules. A request evaluates on one ruleset from start to end,
 * so a reload that swaps in a new version never changes an answer half-way.
 */
public final class Ruleset {

    private final String version;
    private final Instant loadedAt;
    private final String directory;
    private final List<RuleFile> files;
    private final List<RuleInfo> rules;
    private final Map<String, RuleInfo> rulesByKey;
    private final Map<String, String> sources;
    private final KieBase kieBase;
    private final ReleaseId releaseId;

    Ruleset(String version, Instant loadedAt, String directory, List<RuleFile> files, List<RuleInfo> rules,
            Map<String, RuleInfo> rulesByKey, Map<String, String> sources, KieBase kieBase, ReleaseId releaseId) {
        this.version = version;
        this.loadedAt = loadedAt;
        this.directory = directory;
        this.files = files;
        this.rules = rules;
        this.rulesByKey = rulesByKey;
        this.sources = sources;
        this.kieBase = kieBase;
        this.releaseId = releaseId;
    }

    public String version() {
        return version;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public String directory() {
        return directory;
    }

    public List<RuleFile> files() {
        return files;
    }

    public List<RuleInfo> rules() {
        return rules;
    }

    /** The text of every file, keyed by path relative to the rules directory. */
    public Map<String, String> sources() {
        return sources;
    }

    /**
     * Evaluates facts in a fresh session: inserts them, fires at most {@code maxFirings} rules, and
     * returns the trace and the facts rules inserted. The session is always disposed.
     *
     * @throws RuleEvaluationException when a rule throws or the firing limit is reached (a loop)
     */
    public Evaluation evaluate(Collection<?> facts, int maxFirings) {
        Recorder recorder = new Recorder();
        KieSession session = kieBase.newKieSession();
        try {
            session.addEventListener(recorder.agenda);
            session.addEventListener(recorder.runtime);
            facts.forEach(session::insert);
            int fired;
            try {
                fired = session.fireAllRules(maxFirings);
            } catch (ConsequenceException e) {
                RuleInfo rule = info(e.getMatch().getRule());
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new RuleEvaluationException(rule.id(), false,
                        "rule " + rule.id() + " (" + rule.file() + ":" + rule.line() + ") failed: " + cause, e);
            }
            if (fired >= maxFirings) {
                String culprit = recorder.mostFired();
                throw new RuleEvaluationException(culprit, true, "rules fired " + fired
                        + " times, the limit per evaluation; rule " + culprit + " fired most (" + recorder.firings.get(culprit)
                        + " times) and probably loops: make its conditions false once it has acted", null);
            }
            return new Evaluation(version, List.copyOf(recorder.trace), List.copyOf(recorder.inserted));
        } finally {
            session.dispose();
        }
    }

    /** Releases the KIE module from the JVM-global KieRepository; evaluations in flight finish normally. */
    public void release() {
        KieServices.Factory.get().getRepository().removeKieModule(releaseId);
    }

    private RuleInfo info(Rule rule) {
        RuleInfo info = rulesByKey.get(RulesetCompiler.key(rule.getPackageName(), rule.getName()));
        return info != null ? info
                : new RuleInfo(RulesetCompiler.kebab(rule.getName()), rule.getName(), rule.getPackageName(), "", 0, Map.of());
    }

    /** Listens to one session: records each firing and which rule inserted which fact. */
    private final class Recorder {
        final List<TraceEntry> trace = new ArrayList<>();
        final Map<String, Integer> firings = new HashMap<>();
        // facts are immutable once inserted and many rules match the same ones: summarise each once
        final Map<Object, String> summaries = new IdentityHashMap<>();
        // In insertion order, compared by identity: two equal findings from two rules are two findings.
        final List<Produced> inserted = new ArrayList<>();

        // Which firing inserted which fact (by identity), so a later firing that matches it can name its parent.
        final Map<Object, Integer> insertedBy = new IdentityHashMap<>();
        // Facts the firing under way inserted; its trace entry is written after its consequence has run.
        List<String> pending = new ArrayList<>();

        final DefaultAgendaEventListener agenda = new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                pending = new ArrayList<>();
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                RuleInfo rule = info(event.getMatch().getRule());
                List<String> matched = new ArrayList<>();
                List<Integer> derivedFrom = new ArrayList<>();
                for (Object fact : event.getMatch().getObjects()) {
                    if (!(fact instanceof InitialFact)) { // the engine's own start token, not a case fact
                        matched.add(summaries.computeIfAbsent(fact, FactSummary::of));
                        Integer parent = insertedBy.get(fact);
                        if (parent != null && !derivedFrom.contains(parent)) {
                            derivedFrom.add(parent);
                        }
                    }
                }
                derivedFrom.sort(null);
                trace.add(new TraceEntry(trace.size() + 1, rule.id(), rule.file(), rule.metadata(), matched, derivedFrom,
                        pending));
                pending = new ArrayList<>();
                firings.merge(rule.id(), 1, Integer::sum);
            }
        };

        final DefaultRuleRuntimeEventListener runtime = new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                if (event.getRule() != null) {
                    inserted.add(new Produced(event.getObject(), info(event.getRule()).id()));
                    // the firing under way gets the next sequence number once its consequence returns
                    insertedBy.put(event.getObject(), trace.size() + 1);
                    pending.add(summaries.computeIfAbsent(event.getObject(), FactSummary::of));
                }
            }

            @Override
            public void objectDeleted(ObjectDeletedEvent event) {
                Object gone = event.getOldObject();
                inserted.removeIf(p -> p.fact() == gone);
            }
        };

        String mostFired() {
            return firings.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("?");
        }
    }
}
