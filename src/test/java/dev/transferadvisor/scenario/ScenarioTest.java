package dev.transferadvisor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.transferadvisor.ruleset.RulesConfig;
import dev.transferadvisor.ruleset.RulesetCompiler;
import dev.transferadvisor.ruleset.RulesetCompiler.Compilation;

/** Runs every scenario under test-scenarios/ against the real rules/ directory, one named test per file. */
class ScenarioTest {

    static final Path RULES = Path.of("rules");
    static final Path SCENARIOS = Path.of("test-scenarios");

    @TestFactory
    Stream<DynamicTest> everyScenarioHoldsOnTheShippedRules() throws Exception {
        Compilation compilation = new RulesetCompiler(getClass().getClassLoader()).compile(RULES);
        assertThat(compilation.errors()).as("the shipped rules compile").isEmpty();
        List<Scenario> scenarios = ScenarioRunner.load(SCENARIOS);
        assertThat(scenarios).as("scenarios in " + SCENARIOS).isNotEmpty();
        ScenarioRunner runner = ScenarioRunner.standalone();
        return scenarios.stream().map(scenario -> DynamicTest.dynamicTest(scenario.file() + ": " + scenario.name(),
                Path.of(SCENARIOS.toString(), scenario.file()).toUri(), () -> {
                    ScenarioResult result = runner.run(scenario, compilation.ruleset(), RulesConfig.DEFAULT_MAX_FIRINGS);
                    assertThat(result.passed()).as(result.report()).isTrue();
                }));
    }
}
