package dev.transferadvisor.workbench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.transferadvisor.advice.Diagnosis;
import dev.transferadvisor.advice.InvalidCaseException;
import dev.transferadvisor.advice.TransferCase;
import dev.transferadvisor.ruleset.RuleEvaluationException;
import dev.transferadvisor.ruleset.Ruleset;

/**
 * {@code impact}: re-evaluates the cases of an audit export under candidate rules and reports which
 * answers would change, so an author knows before a change goes live whom it affects.
 *
 * <p>The export has one JSON object per line: {@code id, recordedAt, principal, reference,
 * rulesetVersion, request} (the case as received) {@code , diagnosis} (as answered) {@code , hash,
 * previousHash}. Lines that cannot be used are reported and skipped, never fatal.
 */
@Command(name = "impact", sortOptions = false, description = {
    "Re-evaluate every case of an audit export (one JSON record a line) under the candidate rules and report the cases"
            + " whose answer would change."})
final class ImpactCommand implements Callable<Integer> {

    enum Format { text, json }

    @Option(names = "--rules", paramLabel = "CANDIDATE_DIR", required = true, description = "the candidate rules directory")
    Path rulesDir;

    @Option(names = "--cases", paramLabel = "AUDIT_EXPORT.jsonl", required = true,
            description = "an audit export (GET /api/audit/export, role auditor)")
    Path casesFile;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "the report as text for people or JSON for tools (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--fail-on-change", description = "exit 5 when any recorded case would change")
    boolean failOnChange;

    private final PrintStream out;

    ImpactCommand(PrintStream out) {
        this.out = out;
    }

    /** One usable line: what was answered then and what the candidate answers now. */
    record Change(int line, String id, String reference, String recordedAt, String rulesetVersion, Answer before,
            Answer after) {

        /** What the client saw changed: the strategy, a verdict or the findings. */
        boolean changed() {
            return !Objects.equals(before.strategy(), after.strategy()) || !before.verdicts().equals(after.verdicts())
                    || !before.findings().equals(after.findings());
        }

        /** The same answer reached through different rules (a new constant, a refactored derivation). */
        boolean traceOnly() {
            return !changed() && !before.fired().equals(after.fired());
        }

        Set<String> newlyFired() {
            Set<String> rules = new TreeSet<>(after.fired());
            rules.removeAll(before.fired());
            return rules;
        }

        Set<String> noLongerFired() {
            Set<String> rules = new TreeSet<>(before.fired());
            rules.removeAll(after.fired());
            return rules;
        }

        /** Verdicts that differ, as {@code STRATEGY: BEFORE → AFTER}. */
        List<String> verdictChanges() {
            List<String> changes = new ArrayList<>();
            Set<String> strategies = new TreeSet<>(before.verdicts().keySet());
            strategies.addAll(after.verdicts().keySet());
            for (String strategy : strategies) {
                String was = before.verdicts().getOrDefault(strategy, "(recommended)");
                String now = after.verdicts().getOrDefault(strategy, "(recommended)");
                if (!was.equals(now)) {
                    changes.add(strategy + ": " + was + " → " + now);
                }
            }
            return changes;
        }
    }

    record Unusable(int line, String reason) {
    }

    record Report(Path rulesDir, String version, int rules, Path casesFile, int lines, List<Change> evaluated,
            List<Unusable> unusable) {

        List<Change> changed() {
            return evaluated.stream().filter(Change::changed).toList();
        }

        List<Change> traceOnly() {
            return evaluated.stream().filter(Change::traceOnly).toList();
        }

        List<Change> sameVersion() {
            return evaluated.stream().filter(c -> version.equals(c.rulesetVersion())).toList();
        }

        /** Per rule: in how many cases it newly fired and in how many it no longer fired. */
        Map<String, int[]> byRule() {
            Map<String, int[]> byRule = new TreeMap<>();
            for (Change change : evaluated) {
                change.newlyFired().forEach(rule -> byRule.computeIfAbsent(rule, r -> new int[2])[0]++);
                change.noLongerFired().forEach(rule -> byRule.computeIfAbsent(rule, r -> new int[2])[1]++);
            }
            return byRule;
        }

        /** Per finding code and severity: in how many cases it appeared and in how many it disappeared. */
        Map<String, int[]> byFinding() {
            Map<String, int[]> byFinding = new TreeMap<>();
            for (Change change : changed()) {
                Set<String> before = new TreeSet<>(change.before().findings());
                Set<String> after = new TreeSet<>(change.after().findings());
                after.stream().filter(f -> !before.contains(f)).forEach(f -> byFinding.computeIfAbsent(f, k -> new int[2])[0]++);
                before.stream().filter(f -> !after.contains(f)).forEach(f -> byFinding.computeIfAbsent(f, k -> new int[2])[1]++);
            }
            return byFinding;
        }
    }

    @Override
    public Integer call() throws CommandException {
        if (!Files.isRegularFile(casesFile)) {
            throw new CommandException(ExitCode.NO_INPUT, "audit export " + casesFile + " does not exist or is not a file");
        }
        Ruleset ruleset = Rules.compileOrFail(rulesDir, out);
        Report report = evaluate(rulesDir, ruleset, casesFile);
        if (format == Format.json) {
            out.println(json(report));
        } else {
            text(report, out);
        }
        return failOnChange && !report.changed().isEmpty() ? ExitCode.CASES_CHANGED : ExitCode.OK;
    }

    static Report evaluate(Path rulesDir, Ruleset ruleset, Path casesFile) throws CommandException {
        Cases cases = new Cases();
        // rules that fire on reference data alone fire for every case of a version, once: older records list
        // them in their trace, newer ones with their version; they tell no case apart, so they are left out
        Set<String> resident = new TreeSet<>();
        ruleset.residentTrace().forEach(entry -> resident.add(entry.rule()));
        List<Change> evaluated = new ArrayList<>();
        List<Unusable> unusable = new ArrayList<>();
        int lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(casesFile, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record;
                try {
                    record = Cases.JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    unusable.add(new Unusable(lineNumber, "not JSON: " + e.getOriginalMessage()));
                    continue;
                }
                if (!record.isObject() || !record.path("request").isObject() || !record.path("diagnosis").isObject()) {
                    unusable.add(new Unusable(lineNumber, "not an audit record: needs the objects 'request' and 'diagnosis'"));
                    continue;
                }
                TransferCase transferCase;
                try {
                    transferCase = cases.read(record.get("request"));
                } catch (InvalidCaseException e) {
                    unusable.add(new Unusable(lineNumber, "the request is not a valid case today: " + e.getMessage()));
                    continue;
                }
                Diagnosis now;
                try {
                    now = cases.diagnose(transferCase, ruleset, text(record, "id"), Instant.now());
                } catch (RuleEvaluationException e) {
                    unusable.add(new Unusable(lineNumber, "the candidate rules fail on this case: " + e.getMessage()));
                    continue;
                }
                String version = text(record, "rulesetVersion");
                if (version == null) {
                    version = text(record.get("diagnosis"), "rulesetVersion");
                }
                evaluated.add(new Change(lineNumber, text(record, "id"), text(record, "reference"), text(record, "recordedAt"),
                        version, Answer.of(record.get("diagnosis")).without(resident), Answer.of(now).without(resident)));
            }
        } catch (NoSuchFileException e) {
            throw new CommandException(ExitCode.NO_INPUT, "audit export " + casesFile + " does not exist");
        } catch (IOException e) {
            throw new CommandException(ExitCode.NO_INPUT, "cannot read " + casesFile + ": " + e.getMessage());
        }
        return new Report(rulesDir, ruleset.version(), ruleset.rules().size(), casesFile, lineNumber, evaluated, unusable);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static void text(Report report, PrintStream out) {
        List<Change> changed = report.changed();
        out.printf("Candidate rules %s: version %s, %d rules%n", report.rulesDir(), Rules.shortVersion(report.version()), report.rules());
        out.printf("Cases %s: %d re-evaluated, %d unusable line(s)%n", report.casesFile(), report.evaluated().size(),
                report.unusable().size());
        List<Change> same = report.sameVersion();
        long sameChanged = same.stream().filter(c -> c.changed() || c.traceOnly()).count();
        out.printf("Recorded under the candidate's own version: %d case(s), %d changed%n", same.size(), sameChanged);
        if (sameChanged > 0) {
            out.println("  WARNING: cases recorded under these very rule files answer differently now: the advisor's code,"
                    + " not the rules, changed the answer (or a rule is not deterministic)");
        }
        out.println();
        out.printf("CHANGED: %d of %d cases (strategy changed in %d, findings in %d)%n", changed.size(), report.evaluated().size(),
                changed.stream().filter(c -> !Objects.equals(c.before().strategy(), c.after().strategy())).count(),
                changed.stream().filter(c -> !c.before().findings().equals(c.after().findings())).count());
        for (Change change : changed) {
            out.println();
            out.printf("line %d: case %s%s, recorded %s under %s%n", change.line(), change.id(),
                    change.reference() == null ? "" : " (" + change.reference() + ")", change.recordedAt(),
                    Rules.shortVersion(change.rulesetVersion()));
            if (!Objects.equals(change.before().strategy(), change.after().strategy())) {
                out.println("  strategy: " + change.before().strategy() + " → " + change.after().strategy());
            } else {
                out.println("  strategy: " + change.after().strategy() + " (unchanged)");
            }
            change.verdictChanges().forEach(v -> out.println("  verdict " + v));
            if (!change.before().findings().equals(change.after().findings())) {
                out.println("  findings before: " + listOrNone(change.before().findings()));
                out.println("  findings after:  " + listOrNone(change.after().findings()));
            }
            if (!change.newlyFired().isEmpty()) {
                out.println("  newly fired:      " + String.join(", ", change.newlyFired()));
            }
            if (!change.noLongerFired().isEmpty()) {
                out.println("  no longer fired:  " + String.join(", ", change.noLongerFired()));
            }
        }
        List<Change> traceOnly = report.traceOnly();
        if (!traceOnly.isEmpty()) {
            out.println();
            out.printf("SAME ANSWER, OTHER RULES: %d case(s) answer exactly as before through different rules%n", traceOnly.size());
            for (Change change : traceOnly) {
                out.printf("  line %d: case %s:%s%s%n", change.line(), change.id(),
                        change.newlyFired().isEmpty() ? "" : " newly fired " + String.join(", ", change.newlyFired()),
                        change.noLongerFired().isEmpty() ? "" : "; no longer fired " + String.join(", ", change.noLongerFired()));
            }
        }
        Map<String, int[]> byRule = report.byRule();
        if (!byRule.isEmpty()) {
            out.println();
            out.println("BY RULE (cases in which the rule newly fired / no longer fired, answer changed or not):");
            int width = byRule.keySet().stream().mapToInt(String::length).max().orElse(4);
            byRule.forEach((rule, counts) -> out.printf("  %-" + width + "s  +%d  -%d%n", rule, counts[0], counts[1]));
        }
        Map<String, int[]> byFinding = report.byFinding();
        if (!byFinding.isEmpty()) {
            out.println();
            out.println("BY FINDING (cases in which it appeared / disappeared):");
            int width = byFinding.keySet().stream().mapToInt(String::length).max().orElse(4);
            byFinding.forEach((finding, counts) -> out.printf("  %-" + width + "s  +%d  -%d%n", finding, counts[0], counts[1]));
        }
        if (!report.unusable().isEmpty()) {
            out.println();
            out.println("UNUSABLE LINES (" + report.unusable().size() + ", skipped):");
            report.unusable().forEach(u -> out.println("  line " + u.line() + ": " + u.reason()));
        }
    }

    private static String listOrNone(List<String> items) {
        return items.isEmpty() ? "(none)" : String.join(", ", items);
    }

    /** {@code --format json}: the report as tools read it, a model Jackson writes. */
    record JsonReport(Candidate candidate, CaseCounts cases, List<ChangeView> changes, List<TraceOnlyView> traceOnly,
            List<RuleCount> byRule, List<FindingCount> byFinding, List<Unusable> unusable) {

        record Candidate(String directory, String version, int rules) {
        }

        record CaseCounts(String file, int lines, int evaluated, int unusable, int changed, int recordedUnderCandidateVersion,
                int traceOnly, long changedUnderCandidateVersion) {
        }

        record ChangeView(int line, String id, String reference, String recordedAt, String rulesetVersion, Answer before,
                Answer after, List<String> verdictChanges, Set<String> newlyFired, Set<String> noLongerFired) {
        }

        record TraceOnlyView(int line, String id, Set<String> newlyFired, Set<String> noLongerFired) {
        }

        record RuleCount(String rule, int newlyFired, int noLongerFired) {
        }

        record FindingCount(String finding, int appeared, int disappeared) {
        }

        static JsonReport of(Report report) {
            return new JsonReport(
                    new Candidate(report.rulesDir().toString(), report.version(), report.rules()),
                    new CaseCounts(report.casesFile().toString(), report.lines(), report.evaluated().size(), report.unusable().size(),
                            report.changed().size(), report.sameVersion().size(), report.traceOnly().size(),
                            report.sameVersion().stream().filter(c -> c.changed() || c.traceOnly()).count()),
                    report.changed().stream().map(c -> new ChangeView(c.line(), c.id(), c.reference(), c.recordedAt(), c.rulesetVersion(),
                            c.before(), c.after(), c.verdictChanges(), c.newlyFired(), c.noLongerFired())).toList(),
                    report.traceOnly().stream().map(c -> new TraceOnlyView(c.line(), c.id(), c.newlyFired(), c.noLongerFired())).toList(),
                    report.byRule().entrySet().stream()
                            .map(e -> new RuleCount(e.getKey(), e.getValue()[0], e.getValue()[1])).toList(),
                    report.byFinding().entrySet().stream()
                            .map(e -> new FindingCount(e.getKey(), e.getValue()[0], e.getValue()[1])).toList(),
                    report.unusable());
        }
    }

    static String json(Report report) {
        try {
            return Cases.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(JsonReport.of(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
