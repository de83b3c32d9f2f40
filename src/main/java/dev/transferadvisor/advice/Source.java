package dev.transferadvisor.advice;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.transferadvisor.ruleset.FactSummary;

/** The pre-trained source model; inserted into the rule session as a fact of this type. */
@Schema(description = "The pre-trained source model")
public record Source(
        @Size(max = 200) @Schema(example = "resnet50 (ImageNet-1k)") String model,
        @NotNull Modality modality,
        @Size(max = 200) @Schema(example = "natural-images") String domain,
        @PositiveOrZero Long pretrainingExamples,
        @Positive Double parametersMillions,
        Boolean zeroShotCapable,
        @Valid PreprocessingSpec preprocessing,
        @ValidDistribution Map<String, Double> labelDistribution) {

    public Source {
        // an empty preprocessing object or distribution is not given (Given)
        preprocessing = Given.object(preprocessing);
        labelDistribution = Given.map(labelDistribution);
    }

    @Override
    public String toString() {
        return FactSummary.of(this);
    }
}
