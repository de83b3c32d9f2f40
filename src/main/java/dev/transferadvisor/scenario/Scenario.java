package dev.transferadvisor.scenario;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.transferadvisor.advice.Severity;

/**
 * One test scenario: a named case and what its diagnosis must show. {@code strategySet} tells an
 * expected {@code strategy: null} (no viable strategy) apart from no expectation at all.
 */
public record Scenario(String file, String name, String description, JsonNode caseBody, boolean strategySet,
        String strategy, List<ExpectedFinding> findings, List<String> absent, List<String> fired, List<String> notFired,
        Severity maxSeverity) {

    /** A code that must appear, with the severity it must have when one is given. */
    public record ExpectedFinding(String code, Severity severity) {
        @Override
        public String toString() {
            return severity == null ? code : code + " (" + severity + ")";
        }
    }
}
