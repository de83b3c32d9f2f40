package dev.transferadvisor.ruleset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.drools.core.common.TruthMaintenanceSystemFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.transferadvisor.ruleset.RulesetCompiler.Compilation;

/**
 * What pooled warm sessions promise on rules written to test their edges: reference data fires once
 * per version, a case that withdraws a resident conclusion does not leak into the next case, and a
 * session whose evaluation failed is never reused.
 */
class WarmSessionTest {

    private static final String RULES = """
            package config;

            declare Flag
                name : String @key
            end

            declare Note
                text : String @key
            end

            rule "no plan yet"
            when
                not String(this == "plan")
            then
                insertLogical(new Flag("no plan"));
            end

            rule "note the flag"
            when
                Flag($n : name)
                String(this == "case")
            then
                insertLogical(new Note("flagged: " + $n));
            end

            rule "count to a million"
            when
                $i : Integer(intValue < 1000000)
            then
                insert(Integer.valueOf($i + 1));
            end
            """;

    private Ruleset ruleset;

    @BeforeEach
    void compile() {
        Compilation compilation = new RulesetCompiler(getClass().getClassLoader()).compile("test", Map.of("config/edge.drl", RULES));
        assertThat(compilation.errors()).isEmpty();
        ruleset = compilation.ruleset();
        ruleset.pool(1, 1);
    }

    @Test
    void referenceDataFiresOnceAndCaseFiringsNameTheResidentFactsTheyMatched() {
        assertThat(ruleset.residentTrace()).extracting(TraceEntry::rule).containsExactly("edge/no-plan-yet");

        Evaluation evaluation = ruleset.evaluate(List.of("case"), 100);

        assertThat(evaluation.trace()).extracting(TraceEntry::rule).containsExactly("edge/note-the-flag");
        assertThat(evaluation.trace().get(0).matched()).containsExactly("Flag{name=no plan}", "case");
        assertThat(texts(evaluation)).containsExactlyInAnyOrder("Flag{name=no plan}", "Note{text=flagged: no plan}");
    }

    @Test
    void aCaseThatWithdrawsAResidentConclusionDoesNotLeakIntoTheNext() {
        for (int round = 0; round < 3; round++) {
            assertThat(texts(ruleset.evaluate(List.of("case"), 100))).as("round " + round + ", no plan")
                    .containsExactlyInAnyOrder("Flag{name=no plan}", "Note{text=flagged: no plan}");
            assertThat(texts(ruleset.evaluate(List.of("case", "plan"), 100))).as("round " + round + ", a plan").isEmpty();
        }
        // the sessions that served a plan lost a resident fact and got a new one back: not reused
        assertThat(ruleset.sessions().discarded()).as("sessions discarded").isEqualTo(3L);
    }

    @Test
    void aSessionThatHitTheFiringLimitIsDiscardedAndTheNextCaseIsAnsweredCleanly() {
        assertThatThrownBy(() -> ruleset.evaluate(List.of(0), 100)).isInstanceOf(RuleEvaluationException.class)
                .satisfies(e -> assertThat(((RuleEvaluationException) e).loop()).isTrue())
                .hasMessageContaining("edge/count-to-a-million");
        assertThat(ruleset.sessions().discarded()).as("sessions discarded").isEqualTo(1L);

        Evaluation next = ruleset.evaluate(List.of("case"), 100);
        assertThat(next.trace()).extracting(TraceEntry::rule).containsExactly("edge/note-the-flag");
        assertThat(texts(next)).doesNotContain("1", "2");
    }

    @Test
    void aRetiredVersionStillAnswersTheRequestsInFlight() {
        ruleset.release();
        assertThat(texts(ruleset.evaluate(List.of("case"), 100))).contains("Note{text=flagged: no plan}");
        assertThat(ruleset.sessions().idle()).as("idle sessions of a retired version").isZero();
    }

    @Test
    void truthMaintenanceIsLookedUpWithoutDroolsJvmWideLockAndForgetsDisposedSessions() {
        assertThat(TruthMaintenanceSystemFactory.get()).as("the factory Drools loaded").isInstanceOf(ConcurrentTruthMaintenance.class);
        ruleset.evaluate(List.of("case"), 100);
        int before = ((ConcurrentTruthMaintenance) TruthMaintenanceSystemFactory.get()).getEntryPointsMapSize();

        // each plan withdraws a resident conclusion, so each of these sessions is disposed
        for (int i = 0; i < 20; i++) {
            ruleset.evaluate(List.of("case", "plan"), 100);
        }

        assertThat(ruleset.sessions().discarded()).isEqualTo(20L);
        assertThat(((ConcurrentTruthMaintenance) TruthMaintenanceSystemFactory.get()).getEntryPointsMapSize())
                .as("entry points with truth maintenance, after 20 sessions were disposed").isLessThanOrEqualTo(before + 1);
    }

    @Nested
    class ReferenceDataThatFails {

        @Test
        void rejectsTheVersionNamingTheRuleFileAndLine() {
            String broken = """
                    package config;

                    rule "constants that throw"
                    when
                    then
                        insert(Integer.valueOf("not a number"));
                    end
                    """;
            Compilation compilation = new RulesetCompiler(getClass().getClassLoader()).compile("test",
                    Map.of("config/broken.drl", broken));

            assertThat(compilation.succeeded()).isFalse();
            assertThat(compilation.errors()).singleElement().satisfies(error -> {
                assertThat(error.file()).isEqualTo("config/broken.drl");
                assertThat(error.line()).isEqualTo(3);
                assertThat(error.message()).contains("reference data", "broken/constants-that-throw", "NumberFormatException");
            });
        }
    }

    private static List<String> texts(Evaluation evaluation) {
        return evaluation.produced().stream().map(p -> FactSummary.of(p.fact())).toList();
    }
}
