package dev.transferadvisor.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.transferadvisor.TestTrees;

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

    @Test
    void aRulesFolderReachedThroughALinkIsReadWholeAsGitSyncPublishesIt() throws IOException {
        // git-sync points a link at each new worktree; hidden entries (.git) are not rules
        Path root = Files.createTempDirectory("advisor-git-sync-");
        Path worktree = TestTrees.copy(Path.of("rules"), root.resolve(".worktrees/abc123/rules"));
        Files.createDirectories(worktree.resolve(".git"));
        Files.writeString(worktree.resolve(".git/stale.drl"), "not a rule");
        Path link = Files.createSymbolicLink(root.resolve("current"), worktree);

        assertThat(RulesetCompiler.readSources(link)).isEqualTo(RulesetCompiler.readSources(Path.of("rules")));
        TestTrees.delete(root);
    }

    @Test
    void theRulesCompileAlikeFromOneFlatFolderAsAConfigMapHoldsThem() throws IOException {
        Map<String, String> nested = RulesetCompiler.readSources(Path.of("rules"));
        Map<String, String> flat = new LinkedHashMap<>();
        nested.forEach((file, text) -> flat.put(file.substring(file.lastIndexOf('/') + 1), text));
        assertThat(flat).as("file names are unique across rules/").hasSameSizeAs(nested);

        RulesetCompiler compiler = new RulesetCompiler(getClass().getClassLoader());
        Ruleset fromFolders = compiler.compile("rules", nested).ruleset();
        RulesetCompiler.Compilation fromFlat = compiler.compile("flat", flat);

        assertThat(fromFlat.errors()).isEmpty();
        assertThat(fromFlat.ruleset().rules()).extracting(RuleInfo::id)
                .containsExactlyInAnyOrderElementsOf(fromFolders.rules().stream().map(RuleInfo::id).toList());
        assertThat(fromFlat.ruleset().residentTrace()).hasSameSizeAs(fromFolders.residentTrace());
    }
}
