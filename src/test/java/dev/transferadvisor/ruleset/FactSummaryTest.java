package dev.transferadvisor.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.transferadvisor.ruleset.RulesetCompiler.Compilation;

/** The one-line summaries the trace shows of each fact a firing matched or inserted. */
class FactSummaryTest {

    public record Reading(String name, Double value, List<Object> samples, Map<String, Object> tags, Reading previous) {
    }

    /** Prints as a DRL declared type does. */
    static final class Declared {
        @Override
        public String toString() {
            return "Declared( name=x, value=1.0 )";
        }
    }

    @Test
    void aRecordShowsItsNonNullComponentsWholeNumbersWithoutAFractionAndNestedRecordsAlike() {
        Map<String, Object> tags = new LinkedHashMap<>();
        tags.put("site", "b");
        tags.put("scale", 0.5);
        Reading first = new Reading("a", 2.0, null, null, null);

        assertThat(FactSummary.of(new Reading("b", 0.25, List.of(1.0, "x"), tags, first)))
                .isEqualTo("Reading{name=b, value=0.25, samples=[1,x], tags={site=b, scale=0.5}, previous=Reading{name=a, value=2}}");
    }

    @Test
    void aDeclaredTypeShowsItsFieldsInBracesAsARecordDoes() {
        assertThat(FactSummary.of(new Declared())).isEqualTo("Declared{name=x, value=1.0}");
        assertThat(FactSummary.of("plain text (not a declared type)")).isEqualTo("plain text (not a declared type)");
    }

    @Test
    void aLongValueIsCutWithAnEllipsis() {
        String summary = FactSummary.of(new Reading("x".repeat(500), null, null, null, null));

        assertThat(summary).hasSize("Reading{name=}".length() + 160).endsWith("x…}");
    }

    @Test
    void aNullInsideAListAMapOrTheResultsOfAnAccumulateIsShownNotThrown() {
        Map<String, Object> tags = new LinkedHashMap<>();
        tags.put("site", null);

        assertThat(FactSummary.of(new Reading("a", null, Arrays.asList(1.0, null), tags, null)))
                .isEqualTo("Reading{name=a, samples=[1,null], tags={site=null}}");
        assertThat(FactSummary.of(new Object[] {null, 0L})).isEqualTo("[null,0]");
    }

    @Test
    void aRuleMatchingAnAccumulateWithANullResultIsTraced() {
        String rules = """
                package config;

                rule "the largest of no numbers"
                when
                    String(this == "case")
                    accumulate( Integer($v : intValue); $max : max($v), $n : count($v) )
                then
                end
                """;
        Compilation compilation = new RulesetCompiler(getClass().getClassLoader()).compile("test", Map.of("config/empty.drl", rules));
        assertThat(compilation.errors()).isEmpty();

        Ruleset ruleset = compilation.ruleset();
        try {
            Evaluation evaluation = ruleset.evaluate(List.of("case"), 100);

            assertThat(evaluation.trace()).singleElement()
                    .satisfies(entry -> assertThat(entry.matched()).containsExactly("case", "[null,0]"));
        } finally {
            ruleset.release(); // its module leaves Drools' JVM-wide repository, as every test's ruleset does
        }
    }
}
