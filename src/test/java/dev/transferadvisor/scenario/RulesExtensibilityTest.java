package dev.transferadvisor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.transferadvisor.TestTrees;
import dev.transferadvisor.advice.Diagnosis;
import dev.transferadvisor.advice.Diagnosis.FindingView;
import dev.transferadvisor.ruleset.RulesConfig;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RulesetCompiler;
import dev.transferadvisor.ruleset.RulesetCompiler.Compilation;

/**
 * A rule author extends the knowledge base by dropping files into a copy of rules/: a new pitfall
 * code, a rule reading an attribute nobody declared, and a new preprocessing preset. No Java changes;
 * each shows in the answers.
 */
class RulesExtensibilityTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    static Path rules;

    private static Ruleset ruleset;

    @BeforeAll
    static void extendACopyOfTheShippedRules() throws IOException {
        TestTrees.copy(ScenarioTest.RULES, rules);
        Files.writeString(rules.resolve("pitfalls/evaluation-leakage.drl"), """
                package pitfalls;

                // A new pitfall code, defined by this file alone.

                import dev.transferadvisor.advice.Finding;
                import dev.transferadvisor.advice.Severity;
                import dev.transferadvisor.advice.Source;
                import dev.transferadvisor.advice.Target;

                rule "target data may be in the pre-training set"
                    @severity("HIGH")
                    @code("EVALUATION_LEAKAGE")
                    @description("Source pre-trained on the very domain the target is drawn from")
                    @reference("Magar & Schwartz 2022, Data contamination")
                when
                    Source($d : domain != null)
                    Target(domain == $d)
                then
                    insertLogical(Finding.of("EVALUATION_LEAKAGE", Severity.HIGH, "The target data may be part of the pre-training data",
                        "Deduplicate the target validation set against the pre-training corpus.", "source and target domain are both " + $d));
                end
                """);
        Files.writeString(rules.resolve("pitfalls/validation-set-size.drl"), """
                package pitfalls;

                // Reads an attribute no Java type declares: attributes.validationExamples.

                import dev.transferadvisor.advice.Attribute;
                import dev.transferadvisor.advice.Finding;
                import dev.transferadvisor.advice.Severity;

                rule "validation set too small to compare models"
                    @severity("MEDIUM")
                    @code("OVERCONFIDENT_TRANSFER")
                    @description("Fewer than 200 validation examples cannot separate a transfer from its baseline")
                    @reference("Deepchecks simple-model comparison")
                when
                    Attribute(name == "validationExamples", $n : number() < 200)
                then
                    insertLogical(Finding.of("OVERCONFIDENT_TRANSFER", Severity.MEDIUM, "The validation set is too small to trust a comparison",
                        "Hold out at least 200 examples.", String.format("attributes.validationExamples is %.0f", $n)));
                end
                """);
        Files.writeString(rules.resolve("config/presets-radimagenet.drl"), """
                package config;

                // A new preset: RadImageNet checkpoints, normalised with their own statistics.

                import java.util.List;
                import dev.transferadvisor.advice.ColorSpace;
                import dev.transferadvisor.advice.Modality;
                import dev.transferadvisor.advice.PixelScale;
                import dev.transferadvisor.advice.Preprocessing;
                import dev.transferadvisor.advice.Role;

                rule "radimagenet preset"
                    @severity("INFO")
                    @code("PREPROCESSING_MISMATCH")
                    @description("RadImageNet mean/std and the models that expect them")
                    @reference("Mei et al. 2022, RadImageNet")
                when
                then
                    insert(new Preprocessing(Role.PRESET, "radimagenet", List.of(0.223, 0.223, 0.223), List.of(0.203, 0.203, 0.203),
                        PixelScale.UNIT, ColorSpace.RGB, 224, null, null, null));
                    insert(new PresetModel("radimagenet", "(?i).*radimagenet.*", Modality.IMAGE, 100));
                end
                """);
        Compilation compilation = new RulesetCompiler(RulesExtensibilityTest.class.getClassLoader()).compile(rules);
        assertThat(compilation.errors()).as("the extended rules compile").isEmpty();
        ruleset = compilation.ruleset();
    }

    private static Diagnosis diagnose(String caseYaml) throws IOException {
        Scenario scenario = ScenarioRunner.parse("extension.yaml", YAML.readTree("case:\n" + caseYaml.indent(2)));
        ScenarioResult result = ScenarioRunner.standalone().run(scenario, ruleset, RulesConfig.DEFAULT_MAX_FIRINGS);
        assertThat(result.diagnosis()).as(result.report()).isNotNull();
        return result.diagnosis();
    }

    @Test
    void aNewPitfallCodeAppearsInTheAnswer() throws IOException {
        Diagnosis d = diagnose("""
                source: { model: bert-base-uncased, modality: TEXT, domain: wikipedia }
                target: { modality: TEXT, domain: wikipedia, labeledExamples: 20000 }
                """);
        assertThat(d.findings()).extracting(FindingView::code, FindingView::rule)
                .contains(org.assertj.core.groups.Tuple.tuple("EVALUATION_LEAKAGE", "evaluation-leakage/target-data-may-be-in-the-pre-training-set"));
        assertThat(d.trace()).anyMatch(t -> t.file().equals("pitfalls/evaluation-leakage.drl"));
    }

    @Test
    void aRuleReadsANewAttribute() throws IOException {
        Diagnosis d = diagnose("""
                source: { model: resnet50, modality: IMAGE }
                target: { modality: IMAGE, labeledExamples: 3000 }
                attributes: { validationExamples: 120 }
                """);
        assertThat(d.findings()).anyMatch(f -> f.rule().equals("validation-set-size/validation-set-too-small-to-compare-models")
                && f.evidence().contains("attributes.validationExamples is 120"));
    }

    @Test
    void aNewPresetChecksAModelNamedWithoutItsConstants() throws IOException {
        Diagnosis d = diagnose("""
                source: { model: RadImageNet-ResNet50, modality: IMAGE, domain: radiology }
                target: { modality: IMAGE, domain: knee-mri, labeledExamples: 3000 }
                plan: { strategy: PARTIAL_FINE_TUNING, preprocessing: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } }
                """);
        assertThat(d.findings()).anyMatch(f -> f.rule().equals("preprocessing-mismatch/normalization-mean-differs")
                && f.evidence().contains("mean [0.485,0.456,0.406] vs expected [0.223,0.223,0.223]")
                && f.evidence().stream().anyMatch(e -> e.contains("preset radimagenet")));
    }

    @Test
    void theShippedRulesKnowNoneOfThis() throws Exception {
        Compilation shipped = new RulesetCompiler(getClass().getClassLoader()).compile(ScenarioTest.RULES);
        Scenario scenario = ScenarioRunner.parse("shipped.yaml", YAML.readTree("""
                case:
                  source: { model: RadImageNet-ResNet50, modality: IMAGE, domain: wikipedia }
                  target: { modality: IMAGE, domain: wikipedia, labeledExamples: 3000 }
                  plan: { strategy: PARTIAL_FINE_TUNING, preprocessing: { mean: [0.485, 0.456, 0.406] } }
                  attributes: { validationExamples: 120 }
                """));
        Diagnosis d = ScenarioRunner.standalone().run(scenario, shipped.ruleset(), RulesConfig.DEFAULT_MAX_FIRINGS).diagnosis();
        assertThat(d.findings()).noneMatch(f -> f.code().equals("EVALUATION_LEAKAGE") || f.rule().startsWith("validation-set-size/")
                || f.rule().equals("preprocessing-mismatch/normalization-mean-differs"));
    }
}
