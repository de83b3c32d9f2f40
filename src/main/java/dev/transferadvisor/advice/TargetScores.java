package dev.transferadvisor.advice;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.transferadvisor.ruleset.FactSummary;

/** One higher-is-better metric on the same target validation set; inserted as a fact when given. */
@Schema(description = "One higher-is-better metric on the same target validation set")
public record TargetScores(
        @Schema(description = "The pre-trained model as is or with a linear probe") Double pretrainedBaseline,
        @Schema(description = "The same architecture trained from random initialisation") Double fromScratch,
        @Schema(description = "After the planned transfer") Double fineTuned) {

    @Override
    public String toString() {
        return FactSummary.of(this);
    }
}
