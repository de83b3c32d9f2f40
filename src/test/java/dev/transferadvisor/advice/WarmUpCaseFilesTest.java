package dev.transferadvisor.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.transferadvisor.ruleset.RulesConfig;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RulesetCompiler;

/** The shipped warm-up cases stay valid cases as the case model changes, and answer on the shipped rules. */
class WarmUpCaseFilesTest {

    @Test
    void everyWarmUpCaseReadsAndEvaluatesOnTheShippedRules() throws Exception {
        List<Collection<?>> cases = new WarmUpCaseFiles(Diagnoser.standalone()).facts();
        assertThat(cases).as("warm-up cases read").hasSize(WarmUpCaseFiles.FILES.size());

        RulesetCompiler.Compilation compilation = new RulesetCompiler(getClass().getClassLoader())
                .compile("rules", RulesetCompiler.readSources(Path.of("rules")));
        assertThat(compilation.errors()).isEmpty();
        Ruleset ruleset = compilation.ruleset();
        try {
            for (Collection<?> facts : cases) {
                assertThat(ruleset.evaluate(facts, RulesConfig.DEFAULT_MAX_FIRINGS).trace()).as("firings of a warm-up case").isNotEmpty();
            }
        } finally {
            ruleset.release();
        }
    }
}
