package dev.transferadvisor.advice;

import java.util.Map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.transferadvisor.ruleset.FactSummary;

/** The target task; inserted into the rule session as a fact of this type. */
@Schema(description = "The target task the model is adapted to")
public record Target(
        @NotNull Modality modality,
        @Size(max = 200) @Schema(example = "chest-xray") String domain,
        @NotNull @PositiveOrZero Long labeledExamples,
        @PositiveOrZero Long unlabeledExamples,
        @Positive Integer classes,
        @ValidDistribution Map<String, Double> labelDistribution,
        @ValidDistribution Map<String, Double> deploymentLabelDistribution) {

    public Target {
        // an empty distribution is not given (Given)
        labelDistribution = Given.map(labelDistribution);
        deploymentLabelDistribution = Given.map(deploymentLabelDistribution);
    }

    @Override
    public String toString() {
        return FactSummary.of(this);
    }
}
