package dev.transferadvisor.ruleset;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The outcome of one attempt to (re)load the rules, as {@code GET /api/rules} shows it under {@code lastReload}. */
public record ReloadReport(Instant at, Outcome outcome, String trigger,
        @Schema(description = "The version compiled; null when the rules could not be read", nullable = true) String version,
        @Schema(description = "The version serving before; null at startup", nullable = true) String previousVersion,
        List<RuleError> errors) {

    public enum Outcome {
        APPLIED, REJECTED, UNCHANGED
    }
}
