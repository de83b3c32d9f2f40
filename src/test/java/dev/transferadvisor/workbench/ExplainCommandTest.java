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

    // ---- why-not: the first condition that blocked a rule, on the shipped rules ----------------------

    static final String MINIMAL_CASE = """
            {"source": {"modality": "IMAGE"}, "target": {"modality": "IMAGE", "labeledExamples": 300}}""";

    /** The multilingual-skills-lost scenario: a 17.5% drop, and the source skills must be kept. */
    static final String SKILLS_TO_KEEP = """
            {"source": {"model": "xlm-roberta-base", "modality": "TEXT", "domain": "common-crawl"},
             "target": {"modality": "TEXT", "domain": "german-intents", "labeledExamples": 12000, "classes": 40},
             "plan": {"strategy": "FULL_FINE_TUNING", "learningRate": 0.00003, "epochs": 3, "unfreezing": "ALL_AT_ONCE",
                      "compute": "MEDIUM", "retainSourceSkills": true},
             "evidence": {"baselineEvaluated": true, "sourceScoreBefore": 0.80, "sourceScoreAfter": 0.66}}""";

    @Test
    void whyNotNamesAMissingFact(@TempDir Path temp) throws Exception {
        Path minimal = Files.writeString(temp.resolve("minimal.json"), MINIMAL_CASE);
        Run run = Run.of("explain", "--why-not", "catastrophic-forgetting/signal-source-skills-to-keep-while-every-layer-trains",
                minimal.toString());

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).contains("blocked at condition 1 of 2 (pattern, pitfalls/catastrophic-forgetting.drl:")
                .contains("FineTuning(scope == \"FULL\")")
                .contains("condition 1 found no fact of its type at all");
    }

    @Test
    void whyNotNamesAFailedConstraintAndWhatTheCaseOffered() {
        Run run = Run.of("explain", "--why-not", "catastrophic-forgetting/signal-source-skills-to-keep-while-every-layer-trains",
                API_EXAMPLE.toString());

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).contains("blocked at condition 2 of 2 (pattern, pitfalls/catastrophic-forgetting.drl:")
                .contains("Plan(retainSourceSkills == true)")
                .contains("condition 2 matched none of the 1 fact(s) of its type")
                .contains("the conditions before it matched:\n      FineTuning{scope=FULL")
                .containsPattern("offered:\\n      Plan\\{strategy=FULL_FINE_TUNING.*retainSourceSkills=false");
    }

    @Test
    void whyNotNamesTheFactThatContradictedANot(@TempDir Path temp) throws Exception {
        Path skills = Files.writeString(temp.resolve("skills.json"), SKILLS_TO_KEEP);
        Run run = Run.of("explain", "--why-not", "catastrophic-forgetting/source-score-dropped-after-fine-tuning", skills.toString());

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).contains("blocked at condition 4 of 5 (not, pitfalls/catastrophic-forgetting.drl:")
                .contains("not Plan(retainSourceSkills == true)")
                .contains("condition 4 (a not) was contradicted by 1 fact(s)")
                .containsPattern("offered:\\n      Plan\\{.*retainSourceSkills=true");
    }

    @Test
    void whyNotSaysARuleThatFiredFired() {
        Run run = Run.of("explain", "--why-not", "catastrophic-forgetting/source-score-dropped-sharply-after-fine-tuning",
                API_EXAMPLE.toString());

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).contains("WHY NOT catastrophic-forgetting/source-score-dropped-sharply-after-fine-tuning")
                .contains("it fired on this case").doesNotContain("blocked at");
    }

    @Test
    void whyNotFileExplainsEveryRuleOfTheFileThatDidNotFireAndUnknownIdsAreDataErrors() {
        Run file = Run.of("explain", "--why-not-file", "pitfalls/catastrophic-forgetting.drl", API_EXAMPLE.toString());
        assertThat(file.status()).as(file.toString()).isZero();
        assertThat(file.out()).contains("of 11 rules of pitfalls/catastrophic-forgetting.drl fired on this case; why the others did not:")
                .contains("WHY NOT catastrophic-forgetting/forgetting-suspected")
                .contains("condition 6 (an accumulate) did not hold over the 4 fact(s) it accumulated")
                .doesNotContain("WHY NOT catastrophic-forgetting/forgetting-likely");

        Run unknown = Run.of("explain", "--why-not", "no-such/rule", API_EXAMPLE.toString());
        assertThat(unknown.status()).isEqualTo(ExitCode.DATA_ERROR);
        assertThat(unknown.out() + unknown.err()).contains("no rule has the id no-such/rule");
    }
}
