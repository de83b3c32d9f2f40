package dev.transferadvisor.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RulesetCompilerTest {

    @Test
    void aSyntaxErrorInOneFileIsReportedAloneNotWithAKnockOnErrorInEveryOtherFile() throws IOException {
        Map<String, String> sources = new LinkedHashMap<>(RulesetCompiler.readSources(Path.of("rules")));
        String broken = "pitfalls/catastrophic-forgetting.drl";
        String text = sources.get(broken);
        int lines = text.split("\n", -1).length;
        sources.put(broken, text + "\nrule \"half written\"\nwhen\n    $x : \nthen\nend\n");

        RulesetCompiler.Compilation compilation = new RulesetCompiler(getClass().getClassLoader()).compile("rules", sources);

        assertThat(compilation.succeeded()).isFalse();
        assertThat(compilation.errors()).isNotEmpty().allSatisfy(error -> {
            assertThat(error.file()).isEqualTo(broken);
            assertThat(error.line()).as("the line of the half-written rule").isGreaterThanOrEqualTo(lines);
            assertThat(error.message()).startsWith("[ERR ");
        });
    }
}
