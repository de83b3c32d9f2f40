package dev.transferadvisor.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
    void aParserErrorCarriesTheColumnOfTheCharacterItStoppedAt() {
        // the closing parenthesis where a value belongs is the 22nd character of line 5
        Map<String, String> sources = Map.of("broken.drl", "package broken;\n\nrule \"unfinished\"\nwhen\n    String(length == )\nthen\nend\n");

        RulesetCompiler.Compilation compilation = new RulesetCompiler(getClass().getClassLoader()).compile("rules", sources);

        assertThat(compilation.errors()).first().satisfies(error -> {
            assertThat(error.file()).isEqualTo("broken.drl");
            assertThat(error.line()).isEqualTo(5);
            assertThat(error.column()).as("1-based, as RuleError promises; Drools itself says 0").isEqualTo(22);
        });
    }

    @Test
    void theColumnComesOnlyFromAParserMessageAboutTheSameLine() {
        assertThat(RulesetCompiler.column(0, 7, "[ERR 102] Line 7:0 mismatched input 'end' in rule \"x\"")).isEqualTo(1);
        assertThat(RulesetCompiler.column(0, 8, "[ERR 102] Line 7:3 mismatched input 'end' in rule \"x\"")).isZero();
        assertThat(RulesetCompiler.column(0, 7, "Unable to resolve ObjectType 'NoSuchType'")).isZero();
        assertThat(RulesetCompiler.column(5, 7, "[ERR 102] Line 7:3 mismatched input")).as("a column Drools gives wins").isEqualTo(5);
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

    /**
     * Metadata reads as the author wrote it, in every JVM: Drools hands it over in a hash map, and an immutable copy
     * of that iterated in an order each JVM salts anew, so an answer's metadata came out reordered after a restart.
     */
    @Test
    void metadataKeepsTheOrderTheRuleDeclaresIt() {
        Map<String, String> sources = Map.of("ordered.drl", """
                package ordered;

                rule "first"
                    @reference("a paper")
                    @severity("HIGH")
                    @id("ordered/first")
                    @zeta(1)
                    @code("SOME_CODE")
                    @description("what it finds")
                when
                    String()
                then
                end

                rule "second" @code("OTHER") @alpha("x")
                when
                    Integer()
                then
                end
                """);

        RulesetCompiler.Compilation compilation = new RulesetCompiler(getClass().getClassLoader()).compile("rules", sources);

        assertThat(compilation.errors()).isEmpty();
        Map<String, RuleInfo> byId = new LinkedHashMap<>();
        compilation.ruleset().rules().forEach(rule -> byId.put(rule.id(), rule));
        assertThat(byId.get("ordered/first").metadata().keySet()).as("@id is the rule's id, not metadata")
                .containsExactly("reference", "severity", "zeta", "code", "description");
        assertThat(byId.get("ordered/first").metadata()).containsEntry("severity", "HIGH").containsEntry("zeta", 1);
        assertThat(byId.get("ordered/second").metadata().keySet()).containsExactly("code", "alpha");
        compilation.ruleset().release();
    }

    /** A version's files come in the order of their paths, as read, in every JVM (WhyNot compiles them in this order). */
    @Test
    void aVersionsFilesKeepTheOrderOfTheirPaths() throws IOException {
        Map<String, String> sources = RulesetCompiler.readSources(Path.of("rules"));
        Ruleset ruleset = new RulesetCompiler(getClass().getClassLoader()).compile("rules", sources).ruleset();

        assertThat(List.copyOf(ruleset.sources().keySet())).containsExactlyElementsOf(sources.keySet()).isSorted();
        ruleset.release();
    }
}
