package dev.transferadvisor.ruleset;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The outcome of one attempt to (re)load the rules, as {@code GET /api/rules} shows it under {@code lastReload}. */
public record ReloadReport(Instant at, Outcome outcome, String trigger,
        @Schema(description = "The version compiled; null when the rules could not be read", nullable = true) String version,
        @Schema(description = "The version serving before; null at startup", nullable = true) String previousVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "How an applied version was built: COMPILED (every file), REBUILT (only the files that changed,"
                + " on the module of an earlier compile; a change that declares a type or adds or removes a file is compiled),"
                + " CACHED (taken compiled from the compiled-rules cache); absent unless APPLIED") Build build,
        List<RuleError> errors) {

    public enum Outcome {
        APPLIED, REJECTED, UNCHANGED
    }

    /** How an applied version was built. */
    @Schema(name = "ReloadBuild")
    public enum Build {
        COMPILED, REBUILT, CACHED
    }
}
