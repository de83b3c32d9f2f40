package dev.transferadvisor.ruleset;

import java.time.Instant;
import java.util.List;

/** The outcome of one attempt to (re)load the rules, as {@code GET /api/rules} shows it under {@code lastReload}. */
public record ReloadReport(Instant at, Outcome outcome, String trigger, String version, String previousVersion,
        List<RuleError> errors) {

    public enum Outcome {
        APPLIED, REJECTED, UNCHANGED
    }
}
