package dev.transferadvisor.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.transferadvisor.advice.Advisor;
import dev.transferadvisor.ruleset.Evaluation;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RulesetCompiler;
import dev.transferadvisor.ruleset.TraceEntry;

/** {@code explain}: the report an author reads, and the fired-rule chain it draws. */
class ExplainCommandTest {

    static final Path API_EXAMPLE = Path.of("src/test/resources/cases/api-example.json");

    /** Three rules: a constant, a derivation from the case, and a conclusion from the derived fact. */
    static final String CHAIN = """
            package chain;

            import dev.transferadvisor.advice.Target;
            import dev.transferadvisor.advice.Finding;
            import dev.transferadvisor.advice.Severity;

            declare Limits
                fewLabels : long
            end

            declare FewLabels
                labeledExamples : long
            end

            rule "limits"
            when
            then
                insert(new Limits(5000));
            end

            rule "few labels"
            when
                Limits($max : fewLabels)
                Target($n : labeledExamples < $max)
            then
                insertLogical(new FewLabels($n));
            end

            rule "few labels overfit"
            when
                FewLabels($n : labeledExamples)
            then
                insertLogical(Finding.of("TOO_FEW_LABELS", Severity.HIGH, "Few labels", "Collect more labels", "only " + $n + " labels"));
            end
            """;

    @TempDir
    Path temp;

    @Test
    void drawsTheChainFromDerivedFactsToConclusions() throws Exception {
        Path rules = Files.createDirectories(temp.resolve("rules"));
        Files.writeString(rules.resolve("chain.drl"), CHAIN);

        Run run = Run.of("explain", "--rules", rules.toString(), API_EXAMPLE.toString());

        assertThat(run.status()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(run.out()).contains("[HIGH] TOO_FEW_LABELS — Few labels").contains("evidence: only 1200 labels")
                .contains("remedy:   Collect more labels").contains("rule:     chain/few-labels-overfit  (chain.drl:29)");
        // the constant is reference data, listed apart; the derivation is a root with the conclusion under it
        assertThat(run.out()).containsPattern("REFERENCE DATA .*\\n  #1 chain/limits  \\(chain\\.drl:15\\)\\n     ⇒ Limits\\{fewLabels=5000\\}");
        int parent = indexOf(lines, "    #1 chain/few-labels  (chain.drl:21)");
        assertThat(lines.get(parent + 1)).startsWith("    │  matched Limits{fewLabels=5000} · Target{");
        assertThat(lines.get(parent + 2)).isEqualTo("    │  ⇒ FewLabels{labeledExamples=1200}");
        assertThat(lines.get(parent + 3)).isEqualTo("    └─ #2 chain/few-labels-overfit  (chain.drl:29)");
        assertThat(lines.get(parent + 4)).startsWith("          ⇒ Finding{code=TOO_FEW_LABELS");
        assertThat(run.out()).contains("DID NOT FIRE (0 of 3 rules)");
    }

    @Test
    void theTraceNamesTheFiringsThatInsertedWhatEachRuleMatched() throws Exception {
        Path rules = Files.createDirectories(temp.resolve("rules"));
        Files.writeString(rules.resolve("chain.drl"), CHAIN);
        Ruleset ruleset = new RulesetCompiler(getClass().getClassLoader()).compile(rules).ruleset();

        Evaluation evaluation = ruleset.evaluate(Advisor.facts(new Cases().read(Files.readAllBytes(API_EXAMPLE))), 100);

        // the constant fired once for the version; the case's trace starts from the case
        assertThat(ruleset.residentTrace()).extracting(TraceEntry::rule).containsExactly("chain/limits");
        assertThat(evaluation.trace()).extracting(TraceEntry::rule, TraceEntry::derivedFrom).containsExactly(
                org.assertj.core.groups.Tuple.tuple("chain/few-labels", List.of()),
                org.assertj.core.groups.Tuple.tuple("chain/few-labels-overfit", List.of(1)));
        assertThat(evaluation.trace().get(0).inserted()).containsExactly("FewLabels{labeledExamples=1200}");
    }

    @Test
    void explainsTheApiExampleOnTheShippedRules() {
        Run run = Run.of("explain", API_EXAMPLE.toString());

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("RECOMMENDATION: [A-Z_]+\\n  because ")
                .contains("  alternatives:")
                .contains("] PREPROCESSING_MISMATCH — ")
                .contains("rule:     preprocessing-mismatch/normalization-mean-differs")
                .contains("FIRED RULES (")
                // a derived fact with a conclusion drawn from it, one level down
                .containsPattern("\\n    #\\d+ data-regime/[a-z-]+  \\(derive/data-regime\\.drl:\\d+\\)\\n")
                .containsPattern("\\n    [├└]─ #\\d+ [a-z-]+/[a-z0-9-]+  \\(");
    }

    @Test
    void anInvalidCaseIsStatus65NamingTheField() throws Exception {
        Path bad = temp.resolve("bad.json");
        Files.writeString(bad, "{\"source\": {\"modality\": \"IMAGE\"}, \"target\": {\"modality\": \"SOUND\", \"labeledExamples\": 10}}");

        Run run = Run.of("explain", bad.toString());
        Run missing = Run.of("explain", temp.resolve("none.json").toString());
        Run noCase = Run.of("explain");

        assertThat(run.status()).as(run.toString()).isEqualTo(65);
        assertThat(run.out()).contains("the case is invalid").contains("/target/modality: unknown value \"SOUND\"");
        assertThat(missing.status()).isEqualTo(66);
        assertThat(noCase.status()).isEqualTo(64);
    }

    static int indexOf(List<String> lines, String line) {
        int index = lines.indexOf(line);
        assertThat(index).as("line '" + line + "' in\n" + String.join("\n", lines)).isNotNegative();
        return index;
    }
}
