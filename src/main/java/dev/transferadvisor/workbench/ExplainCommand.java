package dev.transferadvisor.workbench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import dev.transferadvisor.advice.Diagnosis;
import dev.transferadvisor.advice.Diagnosis.Alternative;
import dev.transferadvisor.advice.Diagnosis.FindingView;
import dev.transferadvisor.advice.InvalidCaseException;
import dev.transferadvisor.advice.TransferCase;
import dev.transferadvisor.ruleset.RuleEvaluationException;
import dev.transferadvisor.ruleset.RuleInfo;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.TraceEntry;
import dev.transferadvisor.ruleset.WhyNot;

/**
 * {@code explain}: one case's diagnosis as an author reads it while writing a rule — the
 * recommendation, the findings with evidence and remedies, and the fired rules as a tree from the
 * derived facts down to the conclusions drawn from them; with {@code --why-not} or
 * {@code --why-not-file}, why rules did not fire on the case instead ({@link WhyNot}).
 */
@Command(name = "explain", sortOptions = false, description = {
    "Diagnose one case and print it as a readable report with the fired-rule chain; or say why a rule did not fire."})
final class ExplainCommand implements Callable<Integer> {

    @Option(names = "--rules", paramLabel = "DIR", defaultValue = "rules", description = "the rules directory (default: ${DEFAULT-VALUE})")
    Path rulesDir;

    @Option(names = "--why-not", paramLabel = "RULE_ID", description = "instead of the report: why this rule did or did not fire")
    String whyNot;

    @Option(names = "--why-not-file", paramLabel = "FILE",
            description = "instead of the report: why each rule of this file (relative to the rules directory) did not fire")
    String whyNotFile;

    @Parameters(index = "0", paramLabel = "CASE.json", description = "the case, as POST /api/diagnoses takes it; - for standard input")
    String caseFile;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final InputStream in;

    ExplainCommand(PrintStream out, InputStream in) {
        this.out = out;
        this.in = in;
    }

    @Override
    public Integer call() throws CommandException {
        if (whyNot != null && whyNotFile != null) {
            throw new ParameterException(spec.commandLine(), "--why-not and --why-not-file exclude each other");
        }
        byte[] body;
        try {
            body = caseFile.equals("-") ? in.readAllBytes() : Files.readAllBytes(Path.of(caseFile));
        } catch (NoSuchFileException e) {
            throw new CommandException(ExitCode.NO_INPUT, "case file " + caseFile + " does not exist");
        } catch (IOException e) {
            throw new CommandException(ExitCode.NO_INPUT, "cannot read case file " + caseFile + ": " + e.getMessage());
        }
        Cases cases = new Cases();
        TransferCase transferCase;
        try {
            transferCase = cases.read(body);
        } catch (InvalidCaseException e) {
            out.println(caseFile + ": the case is invalid: " + e.getMessage());
            e.errors().forEach(error -> out.println("  " + (error.field().isEmpty() ? "(body)" : error.field()) + ": " + error.message()));
            return ExitCode.DATA_ERROR;
        }
        Ruleset ruleset = Rules.compileOrFail(rulesDir, out);
        Diagnosis diagnosis;
        try {
            diagnosis = cases.diagnose(transferCase, ruleset, "explain", Instant.now());
        } catch (RuleEvaluationException e) {
            out.println("The evaluation failed: " + e.getMessage());
            return ExitCode.DATA_ERROR;
        }
        if (whyNot != null || whyNotFile != null) {
            return whyNot(cases, transferCase, diagnosis, ruleset);
        }
        print(diagnosis, ruleset, rulesDir, caseFile.equals("-") ? "(standard input)" : caseFile, out);
        return ExitCode.OK;
    }

    /** {@code --why-not RULE_ID}: that rule; {@code --why-not-file FILE}: every rule of the file that did not fire. */
    private int whyNot(Cases cases, TransferCase transferCase, Diagnosis diagnosis, Ruleset ruleset) throws CommandException {
        List<String> ids;
        if (whyNot != null) {
            String id = whyNot;
            if (ruleset.rules().stream().noneMatch(rule -> rule.id().equals(id))) {
                throw new CommandException(ExitCode.DATA_ERROR, "no rule has the id " + id + " (GET /api/rules or check lists them)");
            }
            ids = List.of(id);
        } else {
            String file = whyNotFile.replace('\\', '/');
            List<RuleInfo> inFile = ruleset.rules().stream().filter(rule -> rule.file().equals(file) || file.endsWith("/" + rule.file()))
                    .toList();
            if (inFile.isEmpty()) {
                throw new CommandException(ExitCode.DATA_ERROR, "no rule file " + file + " (give it relative to the rules directory)");
            }
            Set<String> fired = new HashSet<>();
            diagnosis.trace().forEach(entry -> fired.add(entry.rule()));
            ruleset.residentTrace().forEach(entry -> fired.add(entry.rule()));
            ids = inFile.stream().map(RuleInfo::id).filter(id -> !fired.contains(id)).toList();
            out.println(inFile.size() - ids.size() + " of " + inFile.size() + " rules of " + file + " fired on this case"
                    + (ids.isEmpty() ? "." : "; why the others did not:"));
            out.println();
        }
        if (!ids.isEmpty()) {
            printWhyNot(cases.whyNot(transferCase, ruleset, ids), out);
        }
        return ExitCode.OK;
    }

    static void printWhyNot(List<WhyNot.Report> reports, PrintStream out) {
        for (WhyNot.Report report : reports) {
            out.println("WHY NOT " + report.rule() + "  (" + report.file() + ":" + report.line() + ", " + report.conditions()
                    + " condition" + (report.conditions() == 1 ? "" : "s") + ")");
            if (report.fired()) {
                out.println("  it fired on this case");
            } else {
                WhyNot.Condition blocked = report.blockedAt();
                if (blocked != null) {
                    out.println("  blocked at condition " + blocked.index() + " of " + report.conditions() + " (" + blocked.kind() + ", "
                            + blocked.file() + ":" + blocked.line() + "):");
                    blocked.text().lines().forEach(line -> out.println("      " + line.strip()));
                }
                out.println("  " + report.explanation());
                if (!report.matchedBefore().isEmpty()) {
                    out.println("  the conditions before it matched:");
                    report.matchedBefore().forEach(fact -> out.println("      " + fact));
                }
                if (!report.offered().isEmpty()) {
                    out.println("  offered:");
                    report.offered().forEach(fact -> out.println("      " + fact));
                }
            }
            out.println();
        }
    }

    static void print(Diagnosis diagnosis, Ruleset ruleset, Path rulesDir, String caseFile, PrintStream out) {
        Map<String, RuleInfo> rules = new LinkedHashMap<>();
        ruleset.rules().forEach(r -> rules.put(r.id(), r));

        out.println("Case " + caseFile + (diagnosis.reference() == null ? "" : " (" + diagnosis.reference() + ")")
                + " on rules " + rulesDir + ", version " + Rules.shortVersion(diagnosis.rulesetVersion()));
        out.println();

        var recommendation = diagnosis.recommendation();
        out.println("RECOMMENDATION: " + (recommendation.strategy() == null ? "none — no strategy is viable" : recommendation.strategy()));
        recommendation.rationale().forEach(reason -> out.println("  because " + reason));
        out.println("  alternatives:");
        for (Alternative alternative : recommendation.alternatives()) {
            out.printf("    %-20s %-12s %s%n", alternative.strategy(), alternative.verdict(), String.join("; ", alternative.reasons()));
        }
        out.println();

        out.println("FINDINGS (" + diagnosis.findings().size() + ")" + (diagnosis.findings().isEmpty() ? ": none" : ""));
        for (FindingView finding : diagnosis.findings()) {
            out.println("  [" + finding.severity() + "] " + finding.code() + " — " + finding.title());
            finding.evidence().forEach(evidence -> out.println("      evidence: " + evidence));
            if (finding.remediation() != null) {
                out.println("      remedy:   " + finding.remediation());
            }
            out.println("      rule:     " + finding.rule() + where(rules.get(finding.rule())));
        }
        out.println();

        printResident(ruleset.residentTrace(), rules, out);
        printChain(diagnosis.trace(), rules, out);

        Set<String> fired = diagnosis.trace().stream().map(TraceEntry::rule).collect(Collectors.toSet());
        ruleset.residentTrace().forEach(entry -> fired.add(entry.rule()));
        List<String> silent = rules.values().stream().filter(r -> !fired.contains(r.id()))
                .map(r -> r.id() + where(r)).toList();
        out.println();
        out.println("DID NOT FIRE (" + silent.size() + " of " + rules.size() + " rules)" + (silent.isEmpty() ? "" : ":"));
        silent.forEach(line -> out.println("  " + line));
    }

    /**
     * The reference data: the rules that fired once for this version, before any case, and what they
     * put in every session. Case firings that read these facts name them in their chain below.
     */
    static void printResident(List<TraceEntry> resident, Map<String, RuleInfo> rules, PrintStream out) {
        if (resident.isEmpty()) {
            return;
        }
        out.println("REFERENCE DATA (" + resident.size() + " firings once per rules version, before any case; ⇒ what each put in"
                + " every session)");
        for (TraceEntry entry : resident) {
            out.println("  #" + entry.sequence() + " " + entry.rule() + where(rules.get(entry.rule())));
            entry.inserted().forEach(fact -> out.println("     ⇒ " + fact));
        }
        out.println();
    }

    /**
     * Prints the firings as a tree: a firing's parents are the firings that inserted a fact it matched.
     * Rules without conditions (constants such as thresholds) fire once per version, before any case,
     * and are printed apart as reference data, so a case's firings all belong in the tree. A firing
     * with several parents is shown in full under the first one printed and referred to under the others.
     */
    static void printChain(List<TraceEntry> trace, Map<String, RuleInfo> rules, PrintStream out) {
        Map<Integer, TraceEntry> bySequence = new LinkedHashMap<>();
        trace.forEach(entry -> bySequence.put(entry.sequence(), entry));

        Map<Integer, List<Integer>> children = new LinkedHashMap<>();
        List<Integer> roots = new ArrayList<>();
        for (TraceEntry entry : trace) {
            List<Integer> parents = entry.derivedFrom().stream().filter(bySequence::containsKey).toList();
            if (parents.isEmpty()) {
                roots.add(entry.sequence());
            }
            parents.forEach(p -> children.computeIfAbsent(p, k -> new ArrayList<>()).add(entry.sequence()));
        }

        out.println("FIRED RULES (" + trace.size() + " firings; #n is the firing order; ⇒ what the rule inserted)");
        out.println("  chain (from facts of the case, through derived facts, to conclusions):");
        Set<Integer> shown = new HashSet<>();
        for (Integer root : roots) {
            node(bySequence.get(root), "    ", "    ", bySequence, children, rules, shown, out);
        }
    }

    private static void node(TraceEntry entry, String lead, String indent, Map<Integer, TraceEntry> bySequence,
            Map<Integer, List<Integer>> children, Map<String, RuleInfo> rules, Set<Integer> shown, PrintStream out) {
        if (!shown.add(entry.sequence())) {
            out.println(lead + "#" + entry.sequence() + " " + entry.rule() + "  (also derived from here; shown above)");
            return;
        }
        out.println(lead + "#" + entry.sequence() + " " + entry.rule() + where(rules.get(entry.rule())));
        List<Integer> kids = children.getOrDefault(entry.sequence(), List.of());
        String bar = kids.isEmpty() ? "   " : "│  ";
        List<String> caseFacts = caseFacts(entry, bySequence);
        if (!caseFacts.isEmpty()) {
            out.println(indent + bar + "matched " + String.join(" · ", caseFacts));
        }
        entry.inserted().forEach(fact -> out.println(indent + bar + "⇒ " + fact));
        for (int i = 0; i < kids.size(); i++) {
            boolean last = i == kids.size() - 1;
            node(bySequence.get(kids.get(i)), indent + (last ? "└─ " : "├─ "), indent + (last ? "   " : "│  "),
                    bySequence, children, rules, shown, out);
        }
    }

    /**
     * The matched facts that came from the case rather than from a parent firing: a parent's inserted
     * facts are already shown above the child. Summaries are compared as text, which is what the trace keeps.
     */
    private static List<String> caseFacts(TraceEntry entry, Map<Integer, TraceEntry> bySequence) {
        Set<String> derived = new HashSet<>();
        entry.derivedFrom().forEach(p -> {
            TraceEntry parent = bySequence.get(p);
            if (parent != null) {
                derived.addAll(parent.inserted());
            }
        });
        return entry.matched().stream().filter(fact -> !derived.contains(fact)).toList();
    }

    static String where(RuleInfo rule) {
        return rule == null ? "" : "  (" + rule.file() + ":" + rule.line() + ")";
    }
}
