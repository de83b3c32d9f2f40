package dev.transferadvisor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.transferadvisor.advice.Severity;
import dev.transferadvisor.advice.Strategy;
import dev.transferadvisor.scenario.Scenario.ExpectedFinding;

/**
 * What the scenario suite must cover, so it cannot quietly shrink: every pitfall code of API.md
 * both required and ruled out somewhere, every strategy (and "none viable") recommended somewhere,
 * and sound plans held to nothing above LOW.
 */
class ScenarioSuiteTest {

    static final List<String> CODES = List.of("NEGATIVE_TRANSFER", "CATASTROPHIC_FORGETTING", "PREPROCESSING_MISMATCH",
            "LABEL_DISTRIBUTION_SHIFT", "OVERCONFIDENT_TRANSFER", "OVERFITTING_RISK", "INSUFFICIENT_LABELED_DATA",
            "COMPUTE_BUDGET_EXCEEDED");

    private static List<Scenario> scenarios;

    @BeforeAll
    static void load() throws Exception {
        scenarios = ScenarioRunner.load(ScenarioTest.SCENARIOS);
    }

    @Test
    void atLeastFortyScenarios() {
        assertThat(scenarios).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void everyCodeMustAppearSomewhereAndBeAbsentSomewhere() {
        for (String code : CODES) {
            assertThat(scenarios).as(code + " required by some scenario")
                    .anyMatch(s -> s.findings().stream().map(ExpectedFinding::code).anyMatch(code::equals));
            assertThat(scenarios).as(code + " ruled out by some scenario")
                    .anyMatch(s -> s.absent().contains(code));
        }
    }

    @Test
    void everyStrategyAndNoneIsRecommendedSomewhere() {
        for (Strategy strategy : Strategy.values()) {
            assertThat(scenarios).as(strategy + " expected by some scenario")
                    .anyMatch(s -> s.strategySet() && strategy.name().equals(s.strategy()));
        }
        assertThat(scenarios).as("a scenario where no strategy is viable")
                .anyMatch(s -> s.strategySet() && Objects.isNull(s.strategy()));
    }

    @Test
    void soundPlansAllowNothingAboveLow() {
        List<Scenario> sound = scenarios.stream().filter(s -> s.file().startsWith("sound/")).toList();
        assertThat(sound).isNotEmpty();
        assertThat(sound).allSatisfy(s -> assertThat(s.maxSeverity()).as(s.file() + " maxSeverity")
                .isNotNull().matches(severity -> !severity.isAtLeast(Severity.MEDIUM)));
    }
}
