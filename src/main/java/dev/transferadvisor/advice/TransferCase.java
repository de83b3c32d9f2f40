package dev.transferadvisor.advice;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A transfer-learning case as a client sends it (API.md §1). */
@Schema(description = "A transfer-learning case: source model, target task, plan and evidence")
public record TransferCase(
        @Size(max = 200) @Pattern(regexp = "[^\\p{Cc}]*", message = "must not contain control characters")
        @Schema(description = "The client's own label for the case", example = "team-a/xray-run-17") String reference,
        @NotNull @Valid Source source,
        @NotNull @Valid Target target,
        @Valid Plan plan,
        @Valid Evidence evidence,
        @Schema(description = "Free-form scalar facts that rules may read, at most 100")
        @Size(max = 100)
        @ScalarValues Map<String, Object> attributes) {

    public TransferCase {
        // an empty plan, evidence or attributes object is not given (Given)
        plan = Given.object(plan);
        evidence = Given.object(evidence);
        attributes = Given.map(attributes);
    }
}
