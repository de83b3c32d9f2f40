package dev.transferadvisor.advice;

import dev.transferadvisor.ruleset.FactSummary;

/**
 * Fact a strategy rule inserts to choose the strategy, with one line of rationale. A recommendation
 * with a null strategy says no strategy is viable, and its reason what would unblock the case.
 */
public record Recommendation(Strategy strategy, String reason) {

    @Override
    public String toString() {
        return FactSummary.of(this);
    }
}
