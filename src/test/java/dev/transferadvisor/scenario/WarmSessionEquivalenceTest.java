package dev.transferadvisor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.transferadvisor.advice.Advisor;
import dev.transferadvisor.advice.Diagnoser;
import dev.transferadvisor.advice.Diagnosis;
import dev.transferadvisor.ruleset.Evaluation;
import dev.transferadvisor.ruleset.RulesConfig;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RulesetCompiler;
import dev.transferadvisor.ruleset.TraceEntry;

/**
 * Warm sessions answer exactly as fresh ones: every scenario, shuffled and repeated, from one thread
 * and from many, gives the same strategy, verdicts, findings and case firings through the pool as in
 * a session of its own — both a new warm session and the old way, where reference data and case fire
 * together and the reference firings are then taken out of the trace.
 */
class WarmSessionEquivalenceTest {

    private static final int MAX_FIRINGS = RulesConfig.DEFAULT_MAX_FIRINGS;
    private static final long SEED = 20261128L;

    private static Ruleset pooled;
    private static Ruleset unpooled;
    private static List<Scenario> scenarios;
    private static Diagnoser reader;
    /** Per scenario file: the answer of a fresh session with everything firing at once. */
    private static Map<String, String> allAtOnce;
    /** Per scenario file: the whole trace of a newly warmed session, used once. */
    private static Map<String, List<TraceEntry>> newWarm;

    @BeforeAll
    static void compile() throws Exception {
        RulesetCompiler compiler = new RulesetCompiler(WarmSessionEquivalenceTest.class.getClassLoader());
        pooled = compiler.compile(ScenarioTest.RULES).ruleset();
        unpooled = compiler.compile(ScenarioTest.RULES).ruleset();
        unpooled.pool(0, 0); // no idle session kept: every evaluation warms a new one
        reader = Diagnoser.standalone();
        scenarios = ScenarioRunner.load(ScenarioTest.SCENARIOS);
        allAtOnce = new TreeMap<>();
        newWarm = new TreeMap<>();
        for (Scenario scenario : scenarios) {
            List<Object> facts = facts(scenario);
            allAtOnce.put(scenario.file(), answer(withoutResident(pooled.evaluateInFreshSession(facts, MAX_FIRINGS), pooled)));
            newWarm.put(scenario.file(), unpooled.evaluate(facts, MAX_FIRINGS).trace());
        }
    }

    @Test
    void theReferenceDataFiresOnceAndLeavesEveryCaseTrace() {
        List<String> configRules = pooled.rules().stream().filter(r -> r.file().startsWith("config/")).map(r -> r.id()).toList();
        assertThat(configRules).isNotEmpty();
        assertThat(pooled.residentTrace()).extracting(TraceEntry::rule).as("firings on reference data alone")
                .containsAll(configRules);
        for (Scenario scenario : scenarios) {
            assertThat(pooled.evaluate(facts(scenario), MAX_FIRINGS).trace()).extracting(TraceEntry::rule)
                    .as(scenario.file() + ": case trace").doesNotContainAnyElementsOf(configRules);
        }
    }

    @Test
    void pooledSessionsAnswerAsFreshOnesShuffledAndRepeated() {
        Random random = new Random(SEED);
        List<Scenario> order = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            List<Scenario> shuffled = new ArrayList<>(scenarios);
            Collections.shuffle(shuffled, random);
            order.addAll(shuffled);
        }
        for (Scenario scenario : order) {
            assertSame(scenario, pooled.evaluate(facts(scenario), MAX_FIRINGS));
        }
    }

    @Test
    void pooledSessionsAnswerAsFreshOnesFromManyThreads() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Random random = new Random(SEED + t);
                work.add(() -> {
                    for (int round = 0; round < 3; round++) {
                        List<Scenario> shuffled = new ArrayList<>(scenarios);
                        Collections.shuffle(shuffled, random);
                        for (Scenario scenario : shuffled) {
                            assertSame(scenario, pooled.evaluate(facts(scenario), MAX_FIRINGS));
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> done : threads.invokeAll(work, 5, TimeUnit.MINUTES)) {
                done.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(pooled.sessions().discarded()).as("sessions discarded as untrustworthy").isZero();
    }

    private static void assertSame(Scenario scenario, Evaluation evaluation) {
        // to the firing: same rules, same order, same facts, same chain as a newly warmed session
        assertThat(evaluation.trace()).as(scenario.file() + ": case trace, pooled vs newly warmed session")
                .isEqualTo(newWarm.get(scenario.file()));
        // and what a user sees equals the old single-session answer
        assertThat(answer(evaluation)).as(scenario.file() + ": answer, pooled vs all at once in a fresh session")
                .isEqualTo(allAtOnce.get(scenario.file()));
    }

    private static List<Object> facts(Scenario scenario) {
        return Advisor.facts(reader.read(scenario.caseBody()));
    }

    /** The firings of a fresh session that did not fire on reference data alone. */
    private static Evaluation withoutResident(Evaluation evaluation, Ruleset ruleset) {
        List<String> resident = new ArrayList<>(ruleset.residentTrace().stream().map(WarmSessionEquivalenceTest::key).toList());
        List<TraceEntry> caseFirings = new ArrayList<>();
        for (TraceEntry entry : evaluation.trace()) {
            if (!resident.remove(key(entry))) {
                caseFirings.add(entry);
            }
        }
        assertThat(resident).as("resident firings missing from a fresh session's trace").isEmpty();
        return new Evaluation(evaluation.rulesetVersion(), caseFirings, evaluation.produced());
    }

    private static String key(TraceEntry entry) {
        List<String> matched = new ArrayList<>(entry.matched());
        matched.sort(null);
        return entry.rule() + " " + matched;
    }

    /**
     * What a user of the answer notices, in a form that does not depend on firing order: strategy and
     * rationale, each verdict with its reasons, the findings in full, and the case firings with the
     * facts each matched.
     */
    private static String answer(Evaluation evaluation) {
        Diagnosis d = Advisor.diagnosis(evaluation, "x", null, Instant.EPOCH);
        StringBuilder text = new StringBuilder();
        text.append("strategy ").append(d.recommendation().strategy()).append('\n');
        d.recommendation().rationale().stream().sorted().forEach(r -> text.append("  because ").append(r).append('\n'));
        d.recommendation().alternatives().stream().map(a -> a.strategy() + " " + a.verdict() + " "
                + a.reasons().stream().sorted().toList()).sorted().forEach(a -> text.append(a).append('\n'));
        d.findings().stream().map(Object::toString).sorted().forEach(f -> text.append(f).append('\n'));
        evaluation.trace().stream().map(WarmSessionEquivalenceTest::key).sorted().forEach(k -> text.append(k).append('\n'));
        return text.toString();
    }
}
