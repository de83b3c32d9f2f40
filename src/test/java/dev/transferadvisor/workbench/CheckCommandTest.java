package dev.transferadvisor.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import dev.transferadvisor.TestTrees;

/** {@code check} run as an author runs it: exit status and what it prints. */
class CheckCommandTest {

    static final Path RULES = Path.of("rules");
    static final Path SCENARIOS = Path.of("test-scenarios");
    static final Path API_EXAMPLE = Path.of("src/test/resources/cases/api-example.json");

    @TempDir
    Path temp;

    /** A scenarios directory with one scenario on the API example case and the given expectation (YAML). */
    Path scenarios(String expect) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("scenarios/pitfalls"));
        // JSON is YAML: the case goes in as it is
        String body = Files.readString(API_EXAMPLE, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("xray.yaml"), "name: the API example\ncase: " + body.replace("\n", " ") + "\nexpect: " + expect + "\n");
        return temp.resolve("scenarios");
    }

    @Test
    void passesOnTheShippedRulesAndScenarios() {
        Run run = Run.of("check", "--rules", RULES.toString(), "--scenarios", SCENARIOS.toString());

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).contains("0 failed").contains("Coverage: ").contains("SCENARIOS  RULE").contains("OK: rules compile");
    }

    @Test
    void reportsEveryRuleWithItsScenarioCountAndTheUnfiredOnes() throws Exception {
        Run run = Run.of("check", "--rules", RULES.toString(), "--scenarios", scenarios("{}").toString());

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out())
                .containsPattern("\\n\\s+1  preprocessing-mismatch/normalization-mean-differs\\s+pitfalls/preprocessing-mismatch\\.drl:\\d+")
                .containsPattern("Fired by no scenario \\(\\d+\\):")
                .containsPattern("\\n  pitfalls/[a-z-]+\\.drl:\\d+: [a-z-]+/[a-z0-9-]+");
    }

    /** A copy of the shipped rules in {@code dir} with {@code pitfalls/broken.drl}, whose line 5 names an unknown fact type. */
    static Path rulesWithABrokenFile(Path dir) throws IOException {
        Path rules = TestTrees.copy(RULES, dir);
        Files.writeString(rules.resolve("pitfalls/broken.drl"), """
                package pitfalls;

                rule "broken"
                when
                    NoSuchFact(size > 3)
                then
                end
                """);
        return rules;
    }

    @Test
    void failsWithStatus2AndFileLineColumnOnACompileError() throws Exception {
        Path rules = rulesWithABrokenFile(temp.resolve("rules"));

        Run run = Run.of("check", "--rules", rules.toString(), "--scenarios", scenarios("{}").toString());

        assertThat(run.status()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).containsPattern("(?m)^" + java.util.regex.Pattern.quote(rules.toString()) + "/pitfalls/broken\\.drl:5:\\d+: .*NoSuchFact")
                .contains("no scenario was run");
    }

    @Test
    void failsWithStatus3AndSaysWhatDifferedWhenAScenarioFails() throws Exception {
        Run run = Run.of("check", "--rules", RULES.toString(), "--scenarios", scenarios("{ strategy: TRAIN_FROM_SCRATCH }").toString());

        assertThat(run.status()).as(run.toString()).isEqualTo(3);
        assertThat(run.out()).contains("FAILED pitfalls/xray.yaml — the API example")
                .contains("✗ strategy: expected TRAIN_FROM_SCRATCH, got ")
                .contains("trace:")
                .contains("1 of 1 scenarios failed");
    }

    @Test
    void failsWithStatus4WhenCoverageIsBelowTheMinimum() throws Exception {
        Path scenarios = scenarios("{}");

        Run low = Run.of("check", "--rules", RULES.toString(), "--scenarios", scenarios.toString(), "--min-coverage", "100");
        Run met = Run.of("check", "--rules", RULES.toString(), "--scenarios", scenarios.toString(), "--min-coverage=1%");

        assertThat(low.status()).as(low.toString()).isEqualTo(4);
        assertThat(low.out()).containsPattern("FAILED: coverage [\\d.]+% is below the minimum 100\\.0%; \\d+ rule\\(s\\) fired by no scenario");
        assertThat(met.status()).as(met.toString()).isZero();
    }

    @Test
    void writesJunitXmlWithOneTestCasePerScenario() throws Exception {
        Path xml = temp.resolve("reports/check.xml");

        Run run = Run.of("check", "--rules", RULES.toString(), "--scenarios", scenarios("{ strategy: TRAIN_FROM_SCRATCH }").toString(),
                "--min-coverage", "100", "--junit-xml", xml.toString());

        assertThat(run.status()).as(run.toString()).isEqualTo(3);
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList cases = document.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(3); // compile, the scenario, coverage
        Element scenario = (Element) cases.item(1);
        assertThat(scenario.getAttribute("classname")).isEqualTo("scenarios.pitfalls");
        assertThat(scenario.getAttribute("name")).isEqualTo("pitfalls/xray.yaml: the API example");
        Element failure = (Element) scenario.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).startsWith("strategy: expected TRAIN_FROM_SCRATCH");
        assertThat(((Element) cases.item(2)).getElementsByTagName("failure").getLength()).as("coverage below 100%").isEqualTo(1);
    }

    @Nested
    class CommandLineErrors {

        @Test
        void unknownCommandIsAUsageError() {
            Run run = Run.of("chek");

            assertThat(run.status()).isEqualTo(64);
            assertThat(run.err()).contains("unknown command 'chek'").contains("check, impact, explain, compile, help");
        }

        @Test
        void unknownOptionAndBadCoverageAreUsageErrors() {
            assertThat(Run.of("check", "--rule", "rules").err()).contains("Unknown option").contains("'--rule'")
                    .contains("run 'check --help' for the usage");
            assertThat(Run.of("check", "--rule", "rules").status()).isEqualTo(64);
            Run bad = Run.of("check", "--min-coverage", "lots");
            assertThat(bad.status()).isEqualTo(64);
            assertThat(bad.err()).contains("--min-coverage").contains("must be a percentage from 0 to 100, got 'lots'");
        }

        @Test
        void missingRulesDirectoryIsStatus66() throws Exception {
            Run run = Run.of("check", "--rules", temp.resolve("nowhere").toString(), "--scenarios", scenarios("{}").toString());

            assertThat(run.status()).isEqualTo(66);
            assertThat(run.err()).contains("nowhere does not exist");
        }

        @Test
        void helpListsTheCommandsAndExitStatuses() {
            Run run = Run.of("help");

            assertThat(run.status()).isZero();
            assertThat(run.out()).containsPattern("(?m)^  check ").containsPattern("(?m)^  impact ").containsPattern("(?m)^  explain ")
                    .contains("4   coverage below --min-coverage");
            Run check = Run.of("help", "check");
            assertThat(check.status()).isZero();
            assertThat(check.out()).contains("--rules=DIR").contains("--scenarios=DIR").contains("--min-coverage=PCT").contains("--junit-xml=FILE");
        }
    }
}
