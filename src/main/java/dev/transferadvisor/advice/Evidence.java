package dev.transferadvisor.advice;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.transferadvisor.ruleset.FactSummary;

/** What the practitioner has measured; inserted into the rule session as a fact of this type. */
@Schema(description = "What has been measured so far")
public record Evidence(
        Boolean baselineEvaluated,
        @Valid TargetScores targetScores,
        Double sourceScoreBefore,
        Double sourceScoreAfter,
        @DecimalMin("0.0") @DecimalMax("1.0") Double domainSimilarity) {

    public Evidence {
        // an empty scores object is not given (Given)
        targetScores = Given.object(targetScores);
    }

    @Override
    public String toString() {
        return FactSummary.of(this);
    }
}
