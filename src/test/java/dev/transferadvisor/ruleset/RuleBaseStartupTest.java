package dev.transferadvisor.ruleset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.transferadvisor.ruleset.ReloadReport.Outcome;
import dev.transferadvisor.system.ProblemException;

/** The service must not start, looking healthy, on rules that do not compile. */
class RuleBaseStartupTest {

    @TempDir
    Path rules;

    final List<ReloadReport> fired = new ArrayList<>();
    int concurrentEvaluations;
    Path cacheDir;
    boolean incremental = true;

    final List<RuleBase> made = new ArrayList<>();

    @AfterEach
    void close() {
        made.forEach(RuleBase::close); // as the application's stop does: no idle-time compile of theirs after the test
    }

    RuleBase ruleBaseOn(Path dir) {
        RuleBase ruleBase = new RuleBase();
        made.add(ruleBase);
        ruleBase.config = new RulesConfig() {
            public Path dir() {
                return dir;
            }

            public boolean watch() {
                return false;
            }

            public Duration watchDebounce() {
                return Duration.ZERO;
            }

            public boolean cache() {
                return cacheDir != null;
            }

            public boolean incremental() {
                return incremental;
            }

            public Path cacheDir() {
                return cacheDir != null ? cacheDir : dir.resolve("unused");
            }

            public int maxFirings() {
                return 1000;
            }

            public int idleSessions() {
                return 2;
            }

            public int concurrentEvaluations() {
                return concurrentEvaluations;
            }

            public Duration warmUp() {
                return Duration.ZERO;
            }

            public Duration reloadWarmUp() {
                return Duration.ZERO;
            }
        };
        ruleBase.reloads = new RecordingEvent();
        return ruleBase;
    }

    @Test
    void refusesToStartOnRulesThatDoNotCompileAndNamesEveryError() throws Exception {
        Files.createDirectories(rules.resolve("pitfalls"));
        Files.writeString(rules.resolve("pitfalls/a.drl"), "package pitfalls;\nrule \"a\" when\n  NoSuchFact()\nthen\nend\n");
        Files.writeString(rules.resolve("pitfalls/b.drl"), "package pitfalls;\nrule \"b\" when\nthen\n  oops(;\nend\n");
        RuleBase ruleBase = ruleBaseOn(rules);

        assertThatThrownBy(() -> ruleBase.onStart(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("do not compile");
        assertThat(ruleBase.loaded()).isFalse();
        assertThat(fired).singleElement().satisfies(report -> {
            assertThat(report.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(report.errors()).extracting(RuleError::file).contains("pitfalls/a.drl", "pitfalls/b.drl");
            assertThat(report.errors()).allSatisfy(error -> assertThat(error.line()).isPositive());
        });
    }

    @Test
    void refusesToStartOnAMissingDirectory() {
        RuleBase ruleBase = ruleBaseOn(rules.resolve("missing"));
        assertThatThrownBy(() -> ruleBase.onStart(null)).isInstanceOf(IllegalStateException.class);
        assertThat(fired.get(0).errors().get(0).message()).contains("does not exist");
    }

    @Test
    void startsOnTheShippedRules() {
        RuleBase ruleBase = ruleBaseOn(Path.of("rules"));
        ruleBase.onStart(null);
        assertThat(ruleBase.loaded()).isTrue();
        assertThat(ruleBase.status().rules()).isNotEmpty();
        assertThat(fired.get(0).outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void evaluationsBeyondTheLimitWaitTheirTurnOnTheSessionsThereAre() throws Exception {
        Files.writeString(rules.resolve("a.drl"), "package a;\ndeclare Seen s : String end\n"
                + "rule \"seen\" when $s : String() then insertLogical(new Seen($s)); end\n");
        concurrentEvaluations = 1;
        RuleBase ruleBase = ruleBaseOn(rules);
        ruleBase.onStart(null);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> firings = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String fact = "case-" + t;
                firings.add(pool.submit(() -> {
                    start.await();
                    int fired = 0;
                    for (int i = 0; i < 200; i++) {
                        fired += ruleBase.evaluate(List.of(fact)).trace().size();
                    }
                    return fired;
                }));
            }
            start.countDown();
            for (Future<Integer> f : firings) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        // one evaluation at a time: the session that fired the version's reference data served all 1,600;
        // none was warmed on demand
        assertThat(ruleBase.current().sessions().warmed()).isZero();
        assertThat(ruleBase.firedCount("a/seen")).isEqualTo(threads * 200L);
    }

    @Test
    void afterAStartFromCompiledRulesTheCompilerIsWarmedUpOnceTheServiceIsIdleNeverWhileRequestsCome(@TempDir Path cache)
            throws Exception {
        cacheDir = cache;
        incremental = false; // the compiler's warmth alone; the module an edit is rebuilt on: the test below
        RuleBase compiling = ruleBaseOn(Path.of("rules"));
        compiling.onStart(null);
        assertThat(compiling.compilerCold()).as("a start that compiled leaves the compiler warm").isFalse();
        assertThat(compiling.warmCompilerIfIdle()).isFalse();

        RuleBase restarted = ruleBaseOn(Path.of("rules"));
        restarted.onStart(null);
        assertThat(restarted.compilerCold()).as("the rules were taken from the cache").isTrue();
        String version = restarted.current().version();
        restarted.evaluate(List.of());
        assertThat(restarted.warmCompilerIfIdle()).as("a request came within the last second").isFalse();
        assertThat(restarted.compilerCold()).isTrue();

        Thread.sleep(RuleBase.TRAFFIC_WINDOW.toMillis() + 200);
        // the timer may have got there first; either way the compiler is warm and the rules that serve are the same
        restarted.warmCompilerIfIdle();
        assertThat(restarted.compilerCold()).isFalse();
        assertThat(restarted.warmCompilerIfIdle()).as("once is enough").isFalse();
        assertThat(restarted.current().version()).isEqualTo(version);
        assertThat(fired).extracting(ReloadReport::outcome).containsOnly(Outcome.APPLIED).hasSize(2);
        assertThat(restarted.evaluate(List.of()).trace()).isNotNull();
    }

    @Test
    void anEditIsRebuiltFromTheFileItChangedAfterACompiledStartOrOneFromTheCacheUnlessTurnedOff(@TempDir Path cache)
            throws Exception {
        copyShippedRules();
        Path edited = rules.resolve("pitfalls/overfitting-risk.drl");
        cacheDir = cache;
        RuleBase compiled = ruleBaseOn(rules);
        compiled.onStart(null);
        // a start keeps no module (it would cost the start a knowledge base more): one is made once the service is idle
        assertThat(compiled.warmCompilerIfIdle()).as("the serving rules compiled once more, the module kept").isTrue();
        assertThat(compiled.warmCompilerIfIdle()).as("once is enough").isFalse();
        Files.writeString(edited, Files.readString(edited) + "\n// edit 1\n");
        assertThat(compiled.reload("test").build()).isEqualTo(ReloadReport.Build.REBUILT);

        // taken from the cache: nothing to rebuild on until the compiler is warmed up on the serving files
        Files.writeString(edited, Files.readString(edited) + "\n// edit 2\n");
        compiled.reload("test");
        RuleBase restarted = ruleBaseOn(rules);
        restarted.onStart(null);
        assertThat(fired.get(fired.size() - 1).build()).isEqualTo(ReloadReport.Build.CACHED);
        Thread.sleep(RuleBase.TRAFFIC_WINDOW.toMillis() + 200);
        restarted.warmCompilerIfIdle(); // the timer may have got there first
        assertThat(restarted.compilerCold()).isFalse();
        Files.writeString(edited, Files.readString(edited) + "\n// edit 3\n");
        assertThat(restarted.reload("test").build()).as("after the warm-up's compile").isEqualTo(ReloadReport.Build.REBUILT);

        // a file that declares a type is compiled with every other
        Path declaring = rules.resolve("pitfalls/signals.drl");
        Files.writeString(declaring, Files.readString(declaring) + "\n// edit 4\n");
        assertThat(restarted.reload("test").build()).isEqualTo(ReloadReport.Build.COMPILED);

        cacheDir = null;
        incremental = false;
        RuleBase full = ruleBaseOn(rules);
        full.onStart(null);
        Files.writeString(edited, Files.readString(edited) + "\n// edit 5\n");
        assertThat(full.reload("test").build()).as("advisor.rules.incremental=false").isEqualTo(ReloadReport.Build.COMPILED);
    }

    @Test
    void aCompileBegunAheadOfItsReloadIsTakenByItUnlessTheFilesChangedSince() throws Exception {
        copyShippedRules();
        Path edited = rules.resolve("pitfalls/overfitting-risk.drl");
        String original = Files.readString(edited);
        RuleBase ruleBase = ruleBaseOn(rules);
        ruleBase.onStart(null);
        int begun = ruleBase.compilesBegun();
        ruleBase.prepare();
        assertThat(ruleBase.compilesBegun()).as("the files serve already: nothing to compile ahead").isEqualTo(begun);

        Files.writeString(edited, original.replace("signals.high", "signals.medium"));
        ruleBase.prepare();
        ruleBase.prepare(); // the same files again: the compile under way is theirs
        assertThat(ruleBase.compilesBegun()).as("begun ahead, once for the same files").isEqualTo(begun + 1);
        ReloadReport taken = ruleBase.reload("test");
        assertThat(taken.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(taken.version()).isEqualTo(RulesetCompiler.version(RulesetCompiler.readSources(rules)));
        assertThat(ruleBase.compilesBegun()).as("the reload took the compile begun ahead").isEqualTo(begun + 1);

        // changed again once the compile had begun: the reload serves the files as they are, never what was compiled ahead
        Files.writeString(edited, original.replace("signals.high", "signals.low"));
        ruleBase.prepare();
        Files.writeString(edited, original.replace("$sum >= $high )", "$sum >= $high + 1 )"));
        ReloadReport after = ruleBase.reload("test");
        Map<String, String> now = RulesetCompiler.readSources(rules);
        assertThat(after.version()).isEqualTo(RulesetCompiler.version(now)).isEqualTo(ruleBase.current().version());
        assertThat(ruleBase.compilesBegun()).isEqualTo(begun + 3);
        // and, rebuilt on a module that went through the dropped edit, it answers as a compile from scratch of those files
        Ruleset scratch = new RulesetCompiler(getClass().getClassLoader()).compile(rules.toString(), now).ruleset();
        Map<String, List<Object>> cases = IncrementalBuildTest.scenarioFacts();
        assertThat(IncrementalReloadTest.answers(ruleBase.current(), cases)).isEqualTo(IncrementalReloadTest.answers(scratch, cases));
        scratch.release();

        // changed and put back before the reload: nothing to apply, the compile ahead dropped
        Files.writeString(edited, original);
        ruleBase.prepare();
        Files.writeString(edited, original.replace("$sum >= $high )", "$sum >= $high + 1 )"));
        assertThat(ruleBase.reload("test").outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(ruleBase.current().version()).isEqualTo(after.version());
    }

    @Test
    void aReplacedVersionIsCollectedRightAfterItsReloadOnAnIdleServiceNeverUnderLoad() throws Exception {
        copyShippedRules();
        Path edited = rules.resolve("pitfalls/overfitting-risk.drl");
        RuleBase ruleBase = ruleBaseOn(rules);
        AtomicInteger collections = new AtomicInteger();
        ruleBase.collector = collections::incrementAndGet;
        ruleBase.onStart(null);
        assertThat(collections).as("nothing replaced at startup").hasValue(0);
        List<Object> facts = IncrementalBuildTest.scenarioFacts().values().iterator().next();

        // requests come while the reload runs: a collection would stop them
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            while (loading.get()) {
                ruleBase.evaluate(facts);
            }
        });
        load.start();
        try {
            Files.writeString(edited, Files.readString(edited) + "\n// edit 1\n");
            assertThat(ruleBase.reload("test").outcome()).isEqualTo(Outcome.APPLIED);
            CompileThread.call(() -> null); // whatever the reload queued on the compile thread is done
        } finally {
            loading.set(false);
            load.join();
        }
        assertThat(collections).as("under load").hasValue(0);

        Thread.sleep(RuleBase.TRAFFIC_WINDOW.toMillis() + 200); // idle
        Files.writeString(edited, Files.readString(edited) + "\n// edit 2\n");
        assertThat(ruleBase.reload("test").outcome()).isEqualTo(Outcome.APPLIED);
        CompileThread.call(() -> null);
        assertThat(collections).as("idle: the replaced version collected").hasValue(1);
        assertThat(ruleBase.reload("test").outcome()).isEqualTo(Outcome.UNCHANGED);
        CompileThread.call(() -> null);
        assertThat(collections).as("nothing replaced").hasValue(1);
    }

    @Test
    void whileIdleTheCompilerPractisesEditsOnTheModuleServingNothingAndTheNextEditIsRebuiltAsAFullCompileAnswers()
            throws Exception {
        copyShippedRules();
        Path edited = rules.resolve("pitfalls/overfitting-risk.drl");
        RuleBase ruleBase = ruleBaseOn(rules);
        ruleBase.onStart(null);
        String serving = ruleBase.current().version();
        ruleBase.warmCompilerIfIdle(); // the module (the timer may have got there first)
        assertThat(ruleBase.practiseEdits(3)).as("practice edits, each a file rebuilt and back").isEqualTo(3);
        assertThat(ruleBase.current().version()).as("none of them served").isEqualTo(serving);
        assertThat(CompileThread.call(() -> ruleBase.module().obstacle(ruleBase.current().sources())))
                .as("the module built the serving files last").isEqualTo("nothing changed");

        // the module is left with the serving files: an author's edit is rebuilt from its file and answers as a full compile
        Files.writeString(edited, Files.readString(edited).replace("signals.high", "signals.medium"));
        assertThat(ruleBase.reload("test").build()).isEqualTo(ReloadReport.Build.REBUILT);
        Map<String, String> now = RulesetCompiler.readSources(rules);
        Ruleset scratch = new RulesetCompiler(getClass().getClassLoader()).compile(rules.toString(), now).ruleset();
        Map<String, List<Object>> cases = IncrementalBuildTest.scenarioFacts();
        assertThat(IncrementalReloadTest.answers(ruleBase.current(), cases)).isEqualTo(IncrementalReloadTest.answers(scratch, cases));
        scratch.release();

        // a request came within the traffic window: nothing is practised
        ruleBase.evaluate(cases.values().iterator().next());
        assertThat(ruleBase.practiseEdits(3)).as("while requests come").isZero();
    }

    @Test
    void aVersionAppliedOnAnIdleServiceHasASessionWarmForEachEvaluationThatMayRunOnceItsReloadReturns() throws Exception {
        copyShippedRules();
        Path edited = rules.resolve("pitfalls/overfitting-risk.drl");
        RuleBase ruleBase = ruleBaseOn(rules);
        ruleBase.onStart(null);
        int ready = Math.min(2, ruleBase.permits()); // idleSessions() above
        assertThat(ruleBase.current().sessions().idle()).as("at startup").isEqualTo(ready);

        // idle: the version serves with the session its reference data fired in, the others are warmed right after
        Files.writeString(edited, Files.readString(edited) + "\n// an edit\n");
        assertThat(ruleBase.reload("test").outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(ruleBase.current().sessions().idle()).as("after an idle reload").isEqualTo(ready);
        assertThat(ruleBase.current().sessions().warmed()).as("warmed beyond the first").isEqualTo(ready - 1L);
    }

    @Test
    void whyNotProbesAreCompiledOnceForTheSameQuestionOnAVersionAndDroppedWithIt() throws Exception {
        copyShippedRules();
        RuleBase ruleBase = ruleBaseOn(rules);
        ruleBase.onStart(null);
        List<Object> facts = IncrementalBuildTest.scenarioFacts().values().iterator().next();
        List<String> rule = List.of(ruleBase.current().rules().get(40).id());
        // asked by many at once: all wait for the one compile, none is refused
        ExecutorService askers = Executors.newFixedThreadPool(3 * RuleBase.WHY_NOT_COMPILING);
        List<Future<List<WhyNot.Report>>> asked = new ArrayList<>();
        try {
            for (int i = 0; i < 3 * RuleBase.WHY_NOT_COMPILING; i++) {
                asked.add(askers.submit(() -> ruleBase.whyNot(ruleBase.current(), facts, rule)));
            }
            for (Future<List<WhyNot.Report>> answer : asked) {
                assertThat(answer.get(5, TimeUnit.MINUTES)).isEqualTo(asked.get(0).get());
            }
        } finally {
            askers.shutdownNow();
        }
        List<WhyNot.Report> first = asked.get(0).get();
        assertThat(ruleBase.whyNot(ruleBase.current(), facts, rule)).as("asked again").isEqualTo(first);
        assertThat(first).isEqualTo(WhyNot.explain(ruleBase.current(), facts, rule, getClass().getClassLoader(), 1000));
        assertThat(ruleBase.whyNotCompiles).as("compiled once").hasValue(1);

        // a new version: the question is compiled on it, and the replaced version's probes were dropped with it
        Ruleset replaced = ruleBase.current();
        Path edited = rules.resolve("pitfalls/overfitting-risk.drl");
        Files.writeString(edited, Files.readString(edited) + "\n// an edit\n");
        assertThat(ruleBase.reload("test").outcome()).isEqualTo(Outcome.APPLIED);
        ruleBase.whyNot(ruleBase.current(), facts, rule);
        assertThat(ruleBase.whyNotCompiles).as("compiled again on the new version").hasValue(2);
        assertThat(ruleBase.whyNot(replaced, facts, rule)).as("on the replaced version, compiled anew").isEqualTo(first);
        assertThat(ruleBase.whyNotCompiles).hasValue(3);
    }

    @Test
    void whyNotQuestionsThatWouldQueueTooManyCompilesAreRefusedWith503AndTheOthersAnswered() throws Exception {
        copyShippedRules();
        RuleBase ruleBase = ruleBaseOn(rules);
        ruleBase.onStart(null);
        Ruleset serving = ruleBase.current();
        List<Object> facts = IncrementalBuildTest.scenarioFacts().values().iterator().next();
        int asked = RuleBase.WHY_NOT_COMPILING + 6;
        ExecutorService askers = Executors.newFixedThreadPool(asked);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < asked; i++) {
                List<String> rule = List.of(serving.rules().get(i).id()); // each question compiles probes of its own
                answers.add(askers.submit(() -> {
                    start.await();
                    try {
                        return ruleBase.whyNot(serving, facts, rule).get(0).rule();
                    } catch (ProblemException e) {
                        return e.status();
                    }
                }));
            }
            start.countDown();
            int refused = 0;
            for (int i = 0; i < asked; i++) {
                Object answer = answers.get(i).get(5, TimeUnit.MINUTES);
                if (answer.equals(503)) {
                    refused++;
                } else {
                    assertThat(answer).isEqualTo(serving.rules().get(i).id());
                }
            }
            assertThat(refused).as("refused while %d compiles were queued", RuleBase.WHY_NOT_COMPILING).isPositive()
                    .isLessThanOrEqualTo(asked - RuleBase.WHY_NOT_COMPILING);
            assertThat(ruleBase.whyNotCompiles).hasValue(asked - refused);
        } finally {
            askers.shutdownNow();
        }
    }

    /** The shipped rules, copied into {@link #rules} to be edited there. */
    void copyShippedRules() throws IOException {
        Path shipped = Path.of("rules");
        try (Stream<Path> files = Files.walk(shipped)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = rules.resolve(shipped.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
    }

    @Test
    void ruleIdsMustBeUnique() throws Exception {
        Files.writeString(rules.resolve("a.drl"), "package a;\nrule \"x\" @id(\"same\") when then end\n");
        Files.writeString(rules.resolve("b.drl"), "package b;\nrule \"y\" @id(\"same\") when then end\n");
        RuleBase ruleBase = ruleBaseOn(rules);
        assertThatThrownBy(() -> ruleBase.onStart(null)).isInstanceOf(IllegalStateException.class);
        assertThat(fired.get(0).errors()).singleElement()
                .satisfies(error -> assertThat(error.message()).contains("rule id 'same' is already used"));
    }

    class RecordingEvent implements Event<ReloadReport> {
        public void fire(ReloadReport event) {
            fired.add(event);
        }

        public <U extends ReloadReport> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        public <U extends ReloadReport> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        public Event<ReloadReport> select(Annotation... qualifiers) {
            return this;
        }

        public <U extends ReloadReport> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        public <U extends ReloadReport> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
