package dev.transferadvisor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.transferadvisor.ruleset.RulesConfig;
import dev.transferadvisor.ruleset.RulesetCompiler;
import dev.transferadvisor.ruleset.RulesetCompiler.Compilation;

/**
 * The coverage gate: every rule under rules/ must fire in at least one scenario under
 * test-scenarios/. A rule no scenario fires is untested guidance, or a rule the engine silently
 * never activates; either way the build fails and names it.
 */
class RuleCoverageTest {

    @Test
    void everyRuleFiresInSomeScenario() throws Exception {
        Compilation compilation = new RulesetCompiler(getClass().getClassLoader()).compile(ScenarioTest.RULES);
        assertThat(compilation.errors()).as("the shipped rules compile").isEmpty();
        ScenarioRunner runner = ScenarioRunner.standalone();
        List<ScenarioResult> results = ScenarioRunner.load(ScenarioTest.SCENARIOS).stream()
                .map(s -> runner.run(s, compilation.ruleset(), RulesConfig.DEFAULT_MAX_FIRINGS)).toList();

        RuleCoverage coverage = RuleCoverage.of(compilation.ruleset(), results);

        String unfired = coverage.unfired().stream()
                .map(r -> "  " + r.rule() + "  (" + Path.of("rules", r.file()) + ":" + r.line() + ")")
                .collect(Collectors.joining("\n"));
        assertThat(coverage.unfired())
                .as("rules that fire in no scenario; add a scenario under test-scenarios/ that needs each:\n" + unfired)
                .isEmpty();
    }
}
