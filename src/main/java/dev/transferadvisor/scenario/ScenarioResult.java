package dev.transferadvisor.scenario;

import java.util.List;
import java.util.stream.Collectors;

import dev.transferadvisor.advice.Diagnosis;

/** The outcome of one scenario: the diagnosis it got and every expectation it missed. */
public record ScenarioResult(Scenario scenario, Diagnosis diagnosis, List<String> failures) {

    public boolean passed() {
        return failures.isEmpty();
    }

    /** What differed, then the diagnosis and its trace: everything an author needs to see why. */
    public String report() {
        StringBuilder report = new StringBuilder();
        report.append(scenario.file()).append(" — ").append(scenario.name()).append('\n');
        failures.forEach(f -> report.append("  ✗ ").append(f).append('\n'));
        if (diagnosis != null) {
            report.append("  got strategy: ").append(diagnosis.recommendation().strategy()).append('\n');
            report.append("  got findings: ").append(diagnosis.findings().stream()
                    .map(f -> f.code() + "(" + f.severity() + ") by " + f.rule()).collect(Collectors.joining(", "))).append('\n');
            report.append("  trace:\n");
            diagnosis.trace().forEach(t -> report.append("    ").append(t.sequence()).append(". ").append(t.rule())
                    .append("  [").append(t.file()).append("]  ").append(String.join(" · ", t.matched())).append('\n'));
        }
        return report.toString();
    }
}
