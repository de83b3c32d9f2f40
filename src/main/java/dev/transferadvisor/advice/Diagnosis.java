package dev.transferadvisor.advice;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.transferadvisor.ruleset.TraceEntry;

/** The answer to a case (API.md §2): recommendation, findings by severity, and the fired-rule trace. */
@Schema(description = "The diagnosis of a transfer-learning case")
public record Diagnosis(
        String id,
        @Schema(description = "The client's label, null when the case had none", nullable = true) String reference,
        @Schema(description = "SHA-256 of the rule files the answer was computed with") String rulesetVersion,
        Instant evaluatedAt,
        RecommendationView recommendation,
        List<FindingView> findings,
        @Schema(description = "Every rule that fired for this case, in order; left out of an answer asked for with trace=false")
        @JsonInclude(JsonInclude.Include.NON_NULL) List<TraceEntry> trace) {

    /** The same answer without its trace, for a client that asked for none (the audit trail keeps it whole). */
    public Diagnosis withoutTrace() {
        return new Diagnosis(id, reference, rulesetVersion, evaluatedAt, recommendation, findings, null);
    }

    /** The chosen strategy (null when none is viable) and every other strategy's verdict. */
    @Schema(name = "Recommendation")
    public record RecommendationView(
            @Schema(description = "The recommended strategy, null when none is viable (rationale says what would unblock the case)",
                    nullable = true) Strategy strategy, List<String> rationale, List<Alternative> alternatives) {
    }

    @Schema(name = "Alternative")
    public record Alternative(Strategy strategy, VerdictLevel verdict, List<String> reasons) {
    }

    @Schema(name = "Finding")
    public record FindingView(String code, Severity severity, String title, List<String> evidence, String remediation,
            @Schema(description = "Id of the rule that reported it") String rule) {
    }
}
