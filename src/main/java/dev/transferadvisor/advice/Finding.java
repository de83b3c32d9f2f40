package dev.transferadvisor.advice;

import java.util.List;

import dev.transferadvisor.ruleset.FactSummary;

/**
 * Fact a rule inserts to report a pitfall. The code is the rule author's, not a Java enum; the
 * engine records which rule inserted it.
 */
public record Finding(String code, Severity severity, String title, List<String> evidence, String remediation) {

    public Finding {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** Convenience for rule consequences: {@code Finding.of("CODE", Severity.HIGH, "title", "remedy", "evidence"…)}. */
    public static Finding of(String code, Severity severity, String title, String remediation, String... evidence) {
        return new Finding(code, severity, title, List.of(evidence), remediation);
    }

    @Override
    public String toString() {
        return FactSummary.of(this);
    }
}
