package dev.transferadvisor.advice;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The input pipeline a model expects (under {@code source}) or a plan uses (under {@code plan}). */
@Schema(name = "Preprocessing")
@ConsistentNormalization
public record PreprocessingSpec(
        @Schema(description = "Per-channel mean subtracted after scaling", example = "[0.485, 0.456, 0.406]")
        List<@NotNull Double> mean,
        @Schema(description = "Per-channel standard deviation divided by; same length as mean, no zero", example = "[0.229, 0.224, 0.225]")
        List<@NotNull @Positive Double> std,
        PixelScale pixelScale,
        ColorSpace colorSpace,
        @Positive Integer inputSize,
        @Size(max = 200) String tokenizer,
        Boolean lowercase,
        @Positive Integer sampleRateHz) {

    public PreprocessingSpec {
        // an empty mean or std list is not given (Given)
        mean = Given.list(mean);
        std = Given.list(std);
    }
}
