package dev.transferadvisor.advice;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.transferadvisor.ruleset.FactSummary;

/** How the practitioner intends to transfer; inserted into the rule session as a fact of this type. */
@Schema(description = "The practitioner's transfer plan")
public record Plan(
        Strategy strategy,
        @Positive Double learningRate,
        @Positive Integer epochs,
        Unfreezing unfreezing,
        @DecimalMin("0.0") @DecimalMax("1.0") Double trainableFraction,
        @Schema(description = "Compute available for the job") Compute compute,
        Boolean retainSourceSkills,
        @Valid PreprocessingSpec preprocessing) {

    public Plan {
        // an empty preprocessing object is not given (Given)
        preprocessing = Given.object(preprocessing);
    }

    @Override
    public String toString() {
        return FactSummary.of(this);
    }
}
