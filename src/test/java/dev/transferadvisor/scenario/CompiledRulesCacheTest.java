package dev.transferadvisor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.transferadvisor.TestTrees;
import dev.transferadvisor.advice.Diagnosis;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RulesetCompiler;
import dev.transferadvisor.ruleset.RulesetCompiler.Compilation;

/**
 * A restart on unchanged rules takes the compiled rules from the cache and answers exactly as a compile
 * does, and so does a first start on the rules compiled into the package; an entry that is damaged or
 * belongs to other rules is never used.
 */
class CompiledRulesCacheTest {

    static List<Scenario> scenarios;
    static ScenarioRunner runner;
    static Ruleset compiledWithoutCache;

    @TempDir
    Path cache;

    @BeforeAll
    static void compileWithoutCache() throws IOException {
        scenarios = ScenarioRunner.load(ScenarioTest.SCENARIOS);
        runner = ScenarioRunner.standalone();
        compiledWithoutCache = new RulesetCompiler(CompiledRulesCacheTest.class.getClassLoader()).compile(ScenarioTest.RULES).ruleset();
    }

    RulesetCompiler compiler() {
        return new RulesetCompiler(getClass().getClassLoader(), cache);
    }

    @Test
    void aRestartOnUnchangedRulesTakesThemFromTheCacheWithTheSameVersionRulesAndAnswers() throws IOException {
        RulesetCompiler first = compiler();
        Compilation compiled = first.compile(ScenarioTest.RULES);
        assertThat(compiled.errors()).isEmpty();
        assertThat(first.cacheHits()).isZero();
        assertThat(entries()).hasSize(1);

        RulesetCompiler restarted = compiler();
        Compilation cached = restarted.compile(ScenarioTest.RULES);
        assertThat(restarted.cacheHits()).as("taken from the cache").isEqualTo(1);
        assertThat(cached.errors()).isEmpty();
        assertThat(cached.version()).isEqualTo(compiled.version()).isEqualTo(compiledWithoutCache.version());
        assertThat(cached.files()).isEqualTo(compiled.files());
        assertThat(cached.ruleset().rules()).isEqualTo(compiledWithoutCache.rules());
        assertSameAnswers(cached.ruleset());
        cached.ruleset().release();
        compiled.ruleset().release();
    }

    @Test
    void withAnEmptyCacheTheEntryShippedWithThePackageIsTakenAndLeftAsItIs(@TempDir Path shipped) throws IOException {
        new RulesetCompiler(getClass().getClassLoader(), shipped).compile(ScenarioTest.RULES).ruleset().release();
        Path entry = entries(shipped).get(0);
        byte[] bytes = Files.readAllBytes(entry);
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(entry);

        RulesetCompiler firstStart = new RulesetCompiler(getClass().getClassLoader(), cache, shipped);
        Compilation compilation = firstStart.compile(ScenarioTest.RULES);
        assertThat(firstStart.cacheHits()).as("taken from the shipped entry").isEqualTo(1);
        assertThat(firstStart.lastCacheEntry()).hasValue(entry.toAbsolutePath().normalize());
        assertThat(entries()).as("nothing is written to the cache: the shipped entry serves every start").isEmpty();
        assertThat(compilation.ruleset().rules()).isEqualTo(compiledWithoutCache.rules());
        assertSameAnswers(compilation.ruleset());
        compilation.ruleset().release();
        assertThat(Files.readAllBytes(entry)).as("the shipped entry's content").isEqualTo(bytes);
        assertThat(Files.getLastModifiedTime(entry)).as("the shipped entry is not touched").isEqualTo(modified);
    }

    @Test
    void aDamagedShippedEntryIsPassedOverAndNotDeleted(@TempDir Path shipped) throws IOException {
        new RulesetCompiler(getClass().getClassLoader(), shipped).compile(ScenarioTest.RULES).ruleset().release();
        Path entry = entries(shipped).get(0);
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(entry, bytes);

        RulesetCompiler firstStart = new RulesetCompiler(getClass().getClassLoader(), cache, shipped);
        Compilation compilation = firstStart.compile(ScenarioTest.RULES);
        assertThat(firstStart.cacheHits()).as("the damaged entry is not used").isZero();
        assertSameAnswers(compilation.ruleset());
        compilation.ruleset().release();
        assertThat(entry).as("a shipped entry is never deleted").exists();
        assertThat(entries()).as("the compile went into the cache").hasSize(1);
    }

    @Test
    void aDamagedEntryIsIgnoredDeletedAndReplaced() throws IOException {
        compiler().compile(ScenarioTest.RULES).ruleset().release();
        Path entry = entries().get(0);
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(entry, bytes);

        RulesetCompiler restarted = compiler();
        Compilation compilation = restarted.compile(ScenarioTest.RULES);
        assertThat(restarted.cacheHits()).as("the damaged entry is not used").isZero();
        assertThat(compilation.errors()).isEmpty();
        assertSameAnswers(compilation.ruleset());
        compilation.ruleset().release();

        // the compile wrote a sound entry in its place
        RulesetCompiler again = compiler();
        again.compile(ScenarioTest.RULES).ruleset().release();
        assertThat(again.cacheHits()).isEqualTo(1);
    }

    @Test
    void aTruncatedEntryIsIgnored() throws IOException {
        compiler().compile(ScenarioTest.RULES).ruleset().release();
        Path entry = entries().get(0);
        byte[] bytes = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(bytes, bytes.length / 3));

        RulesetCompiler restarted = compiler();
        Compilation compilation = restarted.compile(ScenarioTest.RULES);
        assertThat(restarted.cacheHits()).isZero();
        assertSameAnswers(compilation.ruleset());
        compilation.ruleset().release();
    }

    @Test
    void theEntryOfOtherRulesIsNeverUsedEvenUnderTheRightName(@TempDir Path edited) throws IOException {
        // an entry compiled from the shipped rules, planted under the name the edited rules' entry would have
        Compilation shipped = compiler().compile(ScenarioTest.RULES);
        shipped.ruleset().release();
        TestTrees.copy(ScenarioTest.RULES, edited);
        Path file = edited.resolve("pitfalls/overfitting-risk.drl");
        Files.writeString(file, Files.readString(file).replace("rule \"", "rule \"Edited "));
        Compilation reference = new RulesetCompiler(getClass().getClassLoader()).compile(edited);
        assertThat(reference.version()).isNotEqualTo(shipped.version());
        Path planted = cache.resolve(newEntryName(edited));
        Files.move(entries().get(0), planted, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(entries()).containsExactly(planted);

        RulesetCompiler compiler = compiler();
        Compilation compilation = compiler.compile(edited);
        assertThat(compiler.cacheHits()).isZero();
        assertThat(compilation.version()).isEqualTo(reference.version());
        assertThat(compilation.ruleset().rules()).isEqualTo(reference.ruleset().rules());
        assertThat(compilation.ruleset().rules()).anyMatch(rule -> rule.name().startsWith("Edited "));
        compilation.ruleset().release();
        reference.ruleset().release();
    }

    @Test
    void rulesThatDoNotCompileAreReportedWithFileAndLineAndNotCached(@TempDir Path broken) throws IOException {
        TestTrees.copy(ScenarioTest.RULES, broken);
        Path file = broken.resolve("pitfalls/overfitting-risk.drl");
        Files.writeString(file, Files.readString(file).replaceFirst("then\n", "then\n    this is not java;\n"));
        RulesetCompiler compiler = compiler();
        Compilation compilation = compiler.compile(broken);
        assertThat(compilation.succeeded()).isFalse();
        assertThat(compilation.errors()).anySatisfy(error -> {
            assertThat(error.file()).isEqualTo("pitfalls/overfitting-risk.drl");
            assertThat(error.line()).isPositive();
        });
        assertThat(entries()).isEmpty();
    }

    /** The file name the cache gives the entry of these rules (found by compiling them once elsewhere). */
    private String newEntryName(Path rules) throws IOException {
        Path elsewhere = Files.createDirectories(cache.resolve("elsewhere"));
        new RulesetCompiler(CompiledRulesCacheTest.class.getClassLoader(), elsewhere).compile(rules).ruleset().release();
        try (Stream<Path> files = Files.list(elsewhere)) {
            return files.filter(p -> p.toString().endsWith(".ruleset")).findFirst().orElseThrow().getFileName().toString();
        }
    }

    private List<Path> entries() throws IOException {
        return entries(cache);
    }

    private static List<Path> entries(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.toString().endsWith(".ruleset")).toList();
        }
    }

    /** Every scenario gets the same strategy, alternatives, findings and firings on both rulesets. */
    private static void assertSameAnswers(Ruleset ruleset) {
        List<String> differences = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            Diagnosis expected = runner.run(scenario, compiledWithoutCache, 10_000).diagnosis();
            Diagnosis actual = runner.run(scenario, ruleset, 10_000).diagnosis();
            if (!expected.recommendation().equals(actual.recommendation()) || !expected.findings().equals(actual.findings())
                    || !expected.trace().stream().map(t -> t.rule()).toList().equals(actual.trace().stream().map(t -> t.rule()).toList())) {
                differences.add(scenario.file());
            }
        }
        assertThat(differences).as("scenarios answered differently").isEmpty();
        assertThat(scenarios).hasSizeGreaterThan(10);
    }
}
