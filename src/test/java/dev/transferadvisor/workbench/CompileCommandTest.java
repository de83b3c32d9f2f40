package dev.transferadvisor.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.transferadvisor.TestTrees;
import dev.transferadvisor.ruleset.RulesetCompiler;

/** {@code compile} run as the build and an operator run it: what it keeps is what the service then loads. */
class CompileCommandTest {

    @TempDir
    Path temp;

    @Test
    void keepsTheCompiledRulesWhereTheServiceTakesThemInsteadOfCompiling() throws IOException {
        Path cache = temp.resolve("rules-cache");
        Run run = Run.of("compile", "--rules", CheckCommandTest.RULES.toString(), "--cache-dir", cache.toString());

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("Rules rules: version [0-9a-f]{12}, \\d+ rules in \\d+ files, compiled \\(\\d+ ms\\)")
                .containsPattern("OK: kept in " + Pattern.quote(cache.toAbsolutePath().toString()) + "/[0-9a-f]{64}\\.ruleset \\([\\d,]+ KB\\)");
        assertThat(entries(cache)).hasSize(1);

        // a service on these rules, with this build and JVM, loads them
        RulesetCompiler service = new RulesetCompiler(getClass().getClassLoader(), cache);
        service.compile(CheckCommandTest.RULES).ruleset().release();
        assertThat(service.cacheHits()).as("taken from what compile kept").isEqualTo(1);

        Run again = Run.of("compile", "--rules", CheckCommandTest.RULES.toString(), "--cache-dir", cache.toString());
        assertThat(again.status()).as(again.toString()).isZero();
        assertThat(again.out()).contains("already compiled");
        assertThat(entries(cache)).hasSize(1);
    }

    @Test
    void flatKeepsWhatAFlatFolderOfTheSameFilesTakesAsAConfigMapMountsThem() throws IOException {
        Path cache = temp.resolve("rules-cache");
        Run run = Run.of("compile", "--flat", "--rules", CheckCommandTest.RULES.toString(), "--cache-dir", cache.toString());
        assertThat(run.status()).as(run.toString()).isZero();

        Path flat = Files.createDirectories(temp.resolve("configmap"));
        try (Stream<Path> files = Files.walk(CheckCommandTest.RULES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".drl")).toList()) {
                Files.copy(file, flat.resolve(file.getFileName().toString()));
            }
        }
        RulesetCompiler pod = new RulesetCompiler(getClass().getClassLoader(), cache);
        pod.compile(flat).ruleset().release();
        assertThat(pod.cacheHits()).as("a flat folder of the same files takes what compile --flat kept").isEqualTo(1);

        RulesetCompiler nested = new RulesetCompiler(getClass().getClassLoader(), cache);
        nested.compile(CheckCommandTest.RULES).ruleset().release();
        assertThat(nested.cacheHits()).as("the rules as they lie are another version").isZero();
    }

    @Test
    void flatRefusesTwoFilesOfOneName() throws IOException {
        Path rules = TestTrees.copy(CheckCommandTest.RULES, temp.resolve("rules"));
        Files.copy(rules.resolve("pitfalls/overfitting-risk.drl"), rules.resolve("strategy/overfitting-risk.drl"));

        Run run = Run.of("compile", "--flat", "--rules", rules.toString(), "--cache-dir", temp.resolve("cache").toString());

        assertThat(run.status()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("pitfalls/overfitting-risk.drl").contains("strategy/overfitting-risk.drl").contains("same file name");
    }

    @Test
    void rulesThatDoNotCompileExitWith2NamingFileLineAndColumnAndKeepNothing() throws IOException {
        Path rules = CheckCommandTest.rulesWithABrokenFile(temp.resolve("rules"));
        Path cache = temp.resolve("rules-cache");

        Run run = Run.of("compile", "--rules", rules.toString(), "--cache-dir", cache.toString());

        assertThat(run.status()).as(run.toString()).isEqualTo(ExitCode.COMPILE_ERRORS);
        assertThat(run.out()).containsPattern("(?m)^" + Pattern.quote(rules.toString()) + "/pitfalls/broken\\.drl:5:\\d+: .*NoSuchFact")
                .contains("nothing was kept");
        assertThat(entries(cache)).isEmpty();
    }

    @Test
    void aMissingRulesDirectoryIsNamed() {
        Run run = Run.of("compile", "--rules", temp.resolve("nowhere").toString(), "--cache-dir", temp.resolve("cache").toString());

        assertThat(run.status()).as(run.toString()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(run.err()).contains("rules directory").contains("nowhere").contains("does not exist");
    }

    private static List<Path> entries(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.toString().endsWith(".ruleset")).toList();
        }
    }
}
