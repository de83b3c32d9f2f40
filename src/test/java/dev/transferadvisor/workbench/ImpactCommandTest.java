package dev.transferadvisor.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.transferadvisor.TestTrees;
import dev.transferadvisor.advice.Diagnosis;
import dev.transferadvisor.advice.TransferCase;
import dev.transferadvisor.ruleset.RuleInfo;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RulesetCompiler;

/**
 * {@code impact} on audit exports written in the agreed line format, built here by diagnosing known
 * cases with a private copy of the shipped rules, as the service would have recorded them.
 */
class ImpactCommandTest {

    static final Path API_EXAMPLE = Path.of("src/test/resources/cases/api-example.json");

    @TempDir
    Path temp;

    Path recordedRules;
    Ruleset recorded;
    List<JsonNode> requests;
    final Cases cases = new Cases();

    @BeforeEach
    void recordCasesUnderACopyOfTheShippedRules() throws Exception {
        recordedRules = TestTrees.copy(Path.of("rules"), temp.resolve("recorded-rules"));
        recorded = new RulesetCompiler(getClass().getClassLoader()).compile(recordedRules).ruleset();
        ObjectNode example = (ObjectNode) Cases.JSON.readTree(Files.readAllBytes(API_EXAMPLE));
        requests = new ArrayList<>();
        requests.add(example);
        // the same plan at other points of the strategy table, so several answers are on record
        for (long labels : new long[] {0, 300, 20_000, 250_000}) {
            ObjectNode variant = example.deepCopy();
            ((ObjectNode) variant.get("target")).put("labeledExamples", labels);
            variant.put("reference", "team-a/labels-" + labels);
            requests.add(variant);
        }
    }

    /** An audit export line as the audit store writes it (the agreed format). */
    String record(int n, JsonNode request, Ruleset ruleset) throws Exception {
        TransferCase transferCase = cases.read(request);
        Instant at = Instant.parse("2026-11-28T10:15:30Z").plusSeconds(n);
        Diagnosis diagnosis = cases.diagnose(transferCase, ruleset, "case-" + n, at);
        ObjectNode line = Cases.JSON.createObjectNode();
        line.put("id", "case-" + n);
        line.put("recordedAt", at.toString());
        line.put("principal", "alice");
        line.put("reference", diagnosis.reference());
        line.put("rulesetVersion", ruleset.version());
        line.set("request", request);
        line.set("diagnosis", Cases.JSON.valueToTree(diagnosis));
        line.put("hash", "h" + n);
        line.put("previousHash", n == 0 ? null : "h" + (n - 1));
        return Cases.JSON.writeValueAsString(line);
    }

    Path export(List<String> lines) throws Exception {
        Path file = temp.resolve("audit-export.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    List<String> recordAll() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            lines.add(record(i, requests.get(i), recorded));
        }
        return lines;
    }

    @Test
    void casesRecordedUnderTheSameRuleFilesShowNoChange() throws Exception {
        Path export = export(recordAll());
        // another directory with the same files: the same version, so the same answers
        Path candidate = TestTrees.copy(recordedRules, temp.resolve("candidate"));

        Run text = Run.of("impact", "--rules", candidate.toString(), "--cases", export.toString());
        Run json = Run.of("impact", "--rules", candidate.toString(), "--cases", export.toString(), "--format", "json",
                "--fail-on-change");

        assertThat(text.status()).as(text.toString()).isZero();
        assertThat(text.out()).contains(requests.size() + " re-evaluated, 0 unusable line(s)")
                .contains("Recorded under the candidate's own version: " + requests.size() + " case(s), 0 changed")
                .contains("CHANGED: 0 of " + requests.size() + " cases");
        assertThat(json.status()).as(json.toString()).isZero();
        JsonNode report = Cases.JSON.readTree(json.out());
        assertThat(report.at("/candidate/version").asText()).isEqualTo(recorded.version());
        assertThat(report.at("/cases/evaluated").asInt()).isEqualTo(requests.size());
        assertThat(report.at("/cases/changed").asInt()).isZero();
        assertThat(report.get("changes")).isEmpty();
        assertThat(report.get("traceOnly")).isEmpty();
        assertThat(text.out()).doesNotContain("SAME ANSWER");
    }

    @Test
    void aRuleThatChangesNoAnswerIsReportedApartFromChangedAnswers() throws Exception {
        Path export = export(recordAll());
        Path candidate = TestTrees.copy(recordedRules, temp.resolve("candidate"));
        // a new derivation every case now fires, which no answer shows
        Files.writeString(candidate.resolve("derive/extra.drl"), """
                package derive;

                import dev.transferadvisor.advice.Target;

                declare ExtraFact
                    labeled : long
                end

                rule "extra derivation"
                when
                    Target($n : labeledExamples)
                then
                    insertLogical(new ExtraFact($n));
                end
                """);

        Run run = Run.of("impact", "--rules", candidate.toString(), "--cases", export.toString(), "--fail-on-change");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).contains("CHANGED: 0 of " + requests.size() + " cases")
                .contains("SAME ANSWER, OTHER RULES: " + requests.size() + " case(s)")
                .contains("line 1: case case-0: newly fired extra/extra-derivation")
                .containsPattern("\\n  extra/extra-derivation\\s+\\+" + requests.size() + "\\s+-0");
    }

    @Test
    void anEditedRuleFlipsTheCasesItDecidedAndTheReportNamesIt() throws Exception {
        Path export = export(recordAll());
        // switch off the rule behind the API example's first finding, in a copy
        Diagnosis example = cases.diagnose(cases.read(requests.get(0)), recorded, "x", Instant.EPOCH);
        String ruleId = example.findings().get(0).rule();
        String code = example.findings().get(0).code() + " (" + example.findings().get(0).severity() + ")";
        RuleInfo rule = recorded.rules().stream().filter(r -> r.id().equals(ruleId)).findFirst().orElseThrow();
        Path candidate = TestTrees.copy(recordedRules, temp.resolve("candidate"));
        disable(candidate.resolve(rule.file()), rule.line());

        Run text = Run.of("impact", "--rules", candidate.toString(), "--cases", export.toString());
        Run json = Run.of("impact", "--rules", candidate.toString(), "--cases", export.toString(), "--format=json");
        Run gate = Run.of("impact", "--rules", candidate.toString(), "--cases", export.toString(), "--fail-on-change");

        assertThat(text.status()).as(text.toString()).isZero();
        assertThat(text.out()).containsPattern("CHANGED: [1-9]\\d* of " + requests.size() + " cases")
                .containsPattern("line 1: case case-0 \\(team-a/xray-run-17\\), recorded 2026-11-28T10:15:30Z under [0-9a-f]{12}")
                .contains("  findings before: ").contains("  findings after:  ")
                .containsPattern("no longer fired: .*" + java.util.regex.Pattern.quote(ruleId))
                .contains("BY RULE").containsPattern("\\n  " + java.util.regex.Pattern.quote(ruleId) + "\\s+\\+0\\s+-[1-9]");
        JsonNode report = Cases.JSON.readTree(json.out());
        JsonNode first = report.get("changes").get(0);
        assertThat(first.get("id").asText()).isEqualTo("case-0");
        assertThat(first.get("noLongerFired").toString()).contains(ruleId);
        assertThat(first.at("/before/findings").toString()).contains(code);
        assertThat(report.at("/cases/recordedUnderCandidateVersion").asInt()).isZero();
        assertThat(gate.status()).as("--fail-on-change").isEqualTo(5);
    }

    @Test
    void unusableLinesAreReportedAndTheRestEvaluated() throws Exception {
        List<String> lines = recordAll();
        lines.add(1, "{ not json");
        lines.add(2, "{\"id\": \"no-request\", \"diagnosis\": {}}");
        ObjectNode invalid = (ObjectNode) Cases.JSON.readTree(lines.get(0));
        ((ObjectNode) invalid.get("request").get("target")).put("labeledExamples", -1);
        lines.add(3, Cases.JSON.writeValueAsString(invalid));
        lines.add(4, "");

        Run run = Run.of("impact", "--rules", recordedRules.toString(), "--cases", export(lines).toString());

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).contains(requests.size() + " re-evaluated, 3 unusable line(s)")
                .contains("UNUSABLE LINES (3, skipped):")
                .contains("line 2: not JSON")
                .contains("line 3: not an audit record")
                .containsPattern("line 4: the request is not a valid case today: .*/target/labeledExamples");
    }

    @Test
    void missingExportOrOptionsAreReportedWithTheirStatus() {
        Run missing = Run.of("impact", "--rules", "rules", "--cases", temp.resolve("none.jsonl").toString());
        Run noRules = Run.of("impact", "--cases", "x.jsonl");
        Run badFormat = Run.of("impact", "--rules", "rules", "--cases", "x.jsonl", "--format", "xml");

        assertThat(missing.status()).isEqualTo(66);
        assertThat(missing.err()).contains("none.jsonl does not exist");
        assertThat(noRules.status()).isEqualTo(64);
        assertThat(noRules.err()).contains("Missing required option: '--rules=CANDIDATE_DIR'");
        assertThat(badFormat.status()).isEqualTo(64);
    }

    /** Adds {@code eval(false)} as the first condition of the rule declared at {@code line}. */
    static void disable(Path file, int line) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        for (int i = line - 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("when")) {
                lines.add(i + 1, "    eval(false)");
                Files.write(file, lines, StandardCharsets.UTF_8);
                return;
            }
        }
        throw new AssertionError("no 'when' line after line " + line + " of " + file);
    }
}
