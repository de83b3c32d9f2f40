package dev.transferadvisor.advice;

import dev.transferadvisor.ruleset.FactSummary;

/**
 * Fact a strategy rule inserts: its judgement of one strategy and why. Several rules may judge the
 * same strategy; the answer shows the most severe level with the reasons given at that level.
 */
public record Verdict(Strategy strategy, VerdictLevel level, String reason) {

    @Override
    public String toString() {
        return FactSummary.of(this);
    }
}
