package dev.transferadvisor.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.transferadvisor.ruleset.RulesetCompiler.Compilation;

/**
 * A reload that rebuilds only the files an edit changed ({@link RuleModule}) must serve exactly what a full
 * compile of the same files serves: every scenario's trace, in order and with its numbering and links, and
 * every fact the rules concluded, through the warm sessions requests use. A chain of random edits of the
 * shipped rules (numbers in conditions and consequences changed, rules removed, copied, moved within their
 * file, two files at once, and the files put back) is compiled both ways after each step.
 */
class IncrementalReloadTest {

    /** The seed of the edits; another seed is another chain of edits, each one as binding. */
    private static final long SEED = 20261130L;
    private static final int EDITS = 14;

    private static final Pattern RULE = Pattern.compile("(?ms)^rule\\s.*?^end[ \\t]*$");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.\"])\\d+(?![\\w.\"])");
    private static final Pattern NAME = Pattern.compile("^rule\\s+\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("@id\\(\"([^\"]+)\"\\)");

    private static Map<String, String> shipped;
    private static List<String> editable;
    private static Map<String, List<Object>> cases;

    @BeforeAll
    static void read() throws Exception {
        shipped = RulesetCompiler.readSources(Path.of("rules"));
        editable = shipped.keySet().stream().filter(file -> !shipped.get(file).contains("\ndeclare ")).toList();
        cases = IncrementalBuildTest.scenarioFacts();
    }

    @AfterAll
    static void clear() {
        shipped = null;
        cases = null;
    }

    @Test
    void everyEditRebuiltFromItsFilesAnswersEveryScenarioAsAFullCompile() {
        RulesetCompiler incremental = new RulesetCompiler(getClass().getClassLoader()).buildingOn(null);
        Compilation first = incremental.compile("rules", shipped);
        assertThat(first.errors()).isEmpty();
        assertThat(incremental.lastIncremental()).as("the first compile has nothing to build on").isFalse();
        // the version serving while the next one is rebuilt, and what it answered before
        Ruleset serving = first.ruleset();
        Map<String, String> servingAnswers = answers(serving);

        Random random = new Random(SEED);
        Map<String, String> files = new LinkedHashMap<>(shipped);
        int rebuilt = 0;
        List<String> steps = new ArrayList<>();
        for (int step = 0; step <= EDITS; step++) {
            String what;
            if (step == EDITS) {
                files = new LinkedHashMap<>(shipped);
                what = "every file put back";
            } else {
                what = edit(files, random, step);
                if (step % 5 == 4) {
                    what += "; " + edit(files, random, step + 100);
                }
            }
            steps.add(what);
            Compilation built = incremental.compile("rules", files);
            Compilation full = new RulesetCompiler(getClass().getClassLoader()).compile("rules", files);
            assertThat(built.errors()).as("errors after: %s", steps).isEqualTo(full.errors());
            if (!full.succeeded()) {
                continue;
            }
            rebuilt += incremental.lastIncremental() ? 1 : 0;
            Map<String, String> answers = answers(built.ruleset());
            assertThat(answers).as("every scenario after: %s", steps).isEqualTo(answers(full.ruleset()));
            assertThat(built.ruleset().residentTrace()).as("the resident firings after: %s", steps)
                    .isEqualTo(full.ruleset().residentTrace());
            assertThat(answers(serving)).as("the version serving while %s was rebuilt", what).isEqualTo(servingAnswers);
            serving.release();
            full.ruleset().release();
            serving = built.ruleset();
            servingAnswers = answers;
        }
        serving.release();
        assertThat(rebuilt).as("edits rebuilt from the files they changed (the others compiled in full): %s", steps)
                .isGreaterThanOrEqualTo(EDITS * 2 / 3);
        incremental.module().dispose();
    }

    @Test
    void anEditDeclaringATypeOrAddingAFileIsCompiledInFull() {
        RulesetCompiler compiler = new RulesetCompiler(getClass().getClassLoader()).buildingOn(null);
        compiler.compile("rules", shipped).ruleset().release();

        Map<String, String> declaring = new LinkedHashMap<>(shipped);
        declaring.computeIfPresent("pitfalls/overfitting-risk.drl", (file, text) -> text + "\ndeclare Scratch\n  note : String\nend\n");
        Compilation compiled = compiler.compile("rules", declaring);
        assertThat(compiled.succeeded()).isTrue();
        assertThat(compiler.lastIncremental()).isFalse();
        assertThat(compiler.lastObstacle()).contains("pitfalls/overfitting-risk.drl declares a type");
        compiled.ruleset().release();

        Map<String, String> added = new LinkedHashMap<>(declaring);
        added.put("pitfalls/scratch.drl", "package pitfalls;\n");
        compiled = compiler.compile("rules", added);
        assertThat(compiler.lastIncremental()).isFalse();
        assertThat(compiler.lastObstacle()).isEqualTo("files were added or removed");
        compiled.ruleset().release();

        // a broken edit: the full compile reports it as always, and the next good edit compiles in full again
        Map<String, String> broken = new LinkedHashMap<>(added);
        broken.computeIfPresent("pitfalls/negative-transfer.drl", (file, text) -> text.replaceFirst("\\bthen\\b", "then oops("));
        Compilation failed = compiler.compile("rules", broken);
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.errors()).isNotEmpty().allMatch(error -> error.file().equals("pitfalls/negative-transfer.drl"));
        Compilation fixed = compiler.compile("rules", added);
        assertThat(fixed.succeeded()).isTrue();
        assertThat(compiler.lastIncremental()).as("after a failed incremental build the module is rebuilt in full").isFalse();
        fixed.ruleset().release();

        Map<String, String> again = new LinkedHashMap<>(added);
        again.computeIfPresent("pitfalls/negative-transfer.drl", (file, text) -> text + "\n// a comment\n");
        Compilation next = compiler.compile("rules", again);
        assertThat(compiler.lastIncremental()).as("and the edit after it is rebuilt from its file").isTrue();
        next.ruleset().release();
        compiler.module().dispose();
    }

    @Test
    void aVersionRebuiltFromItsFilesIsCachedAsItServes(@TempDir Path cache) {
        RulesetCompiler compiler = new RulesetCompiler(getClass().getClassLoader(), cache).buildingOn(null);
        Ruleset before = compiler.compile("rules", shipped).ruleset();
        Map<String, String> answeredBefore = answers(before);
        before.release();
        Map<String, String> edited = new LinkedHashMap<>(shipped);
        edited.computeIfPresent("pitfalls/overfitting-risk.drl", (file, text) -> text.replace("signals.high", "signals.medium"));
        assertThat(edited).isNotEqualTo(shipped);
        Compilation rebuilt = compiler.compile("rules", edited);
        assertThat(compiler.lastIncremental()).isTrue();
        // the entry is written once the version serves, as the service does, from the module's own packages
        Map<String, String> answeredRebuilt = answers(rebuilt.ruleset());
        assertThat(answeredRebuilt).as("the edit changes answers").isNotEqualTo(answeredBefore);
        compiler.writeCacheEntry();

        // a restart on the edited files takes them from the cache entry the rebuild wrote
        RulesetCompiler restarted = new RulesetCompiler(getClass().getClassLoader(), cache);
        Compilation loaded = restarted.compile("rules", edited);
        assertThat(restarted.cacheHits()).as("taken from the cache").isEqualTo(1);
        assertThat(answers(loaded.ruleset())).isEqualTo(answeredRebuilt);
        rebuilt.ruleset().release();
        loaded.ruleset().release();
        compiler.module().dispose();
    }

    @Test
    void everyKindOfMistakeInAnEditIsReportedAsAFullCompileReportsIt() {
        String file = "pitfalls/overfitting-risk.drl";
        String text = shipped.get(file);
        Map<String, String> mistakes = new LinkedHashMap<>();
        mistakes.put("an unknown fact type", text.replaceFirst("\\bwhen\\b", "when\n    NoSuchFact()"));
        mistakes.put("an unknown field", text.replaceFirst("\\bwhen\\b", "when\n    DomainGap(noSuchField == 1)"));
        mistakes.put("Java that does not compile", text.replaceFirst("\\bthen\\b", "then\n    int x = \"s\";"));
        mistakes.put("a syntax error", text.replaceFirst("\\bwhen\\b", "when ((("));
        mistakes.put("an unbound variable", text.replaceFirst("\\bthen\\b", "then\n    System.identityHashCode(\\$nope);"));
        mistakes.forEach((mistake, content) -> {
            RulesetCompiler incremental = new RulesetCompiler(getClass().getClassLoader()).buildingOn(null);
            incremental.compile("rules", shipped).ruleset().release();
            Map<String, String> edited = new LinkedHashMap<>(shipped);
            edited.put(file, content);
            Compilation built = incremental.compile("rules", edited);
            Compilation full = new RulesetCompiler(getClass().getClassLoader()).compile("rules", edited);
            assertThat(full.errors()).as(mistake).isNotEmpty();
            assertThat(built.succeeded()).as("%s, rebuilt from the file", mistake).isFalse();
            assertThat(incremental.lastObstacle()).as("%s: tried from the file alone first", mistake).isNull();
            assertThat(built.errors()).as(mistake).isEqualTo(full.errors());
            assertThat(incremental.module()).as("no module is kept on a failed build").isNull();
        });
    }

    /** Edits one editable file in place, at random; says what it did. */
    private static String edit(Map<String, String> files, Random random, int step) {
        String file = editable.get(random.nextInt(editable.size()));
        String text = files.get(file);
        List<int[]> rules = new ArrayList<>();
        Matcher matcher = RULE.matcher(text);
        while (matcher.find()) {
            rules.add(new int[] {matcher.start(), matcher.end()});
        }
        if (rules.isEmpty()) {
            files.put(file, text + "\n// step " + step + "\n");
            return file + ": a comment added";
        }
        int[] rule = rules.get(random.nextInt(rules.size()));
        String body = text.substring(rule[0], rule[1]);
        String name = name(body);
        switch (random.nextInt(4)) {
            case 0 -> {
                // a number after the rule's header: a threshold, a weight, a salience
                int when = body.indexOf("\nwhen");
                List<int[]> numbers = new ArrayList<>();
                Matcher number = NUMBER.matcher(body);
                while (number.find()) {
                    if (number.start() > when && when > 0) {
                        numbers.add(new int[] {number.start(), number.end()});
                    }
                }
                if (numbers.isEmpty()) {
                    files.put(file, text + "\n// step " + step + "\n");
                    return file + ": a comment added";
                }
                int[] at = numbers.get(random.nextInt(numbers.size()));
                int value = Integer.parseInt(body.substring(at[0], at[1]));
                int changed = value == 0 ? 1 : random.nextBoolean() ? value + 1 : value - 1;
                files.put(file, text.substring(0, rule[0]) + body.substring(0, at[0]) + changed + body.substring(at[1]) + text.substring(rule[1]));
                return file + ": " + value + " made " + changed + " in '" + name + "'";
            }
            case 1 -> {
                files.put(file, text.substring(0, rule[0]) + text.substring(rule[1]));
                return file + ": '" + name + "' removed";
            }
            case 2 -> {
                String copy = body.replaceFirst("^rule\\s+\"([^\"]+)\"", "rule \"$1 (copy " + step + ")\"");
                copy = ID.matcher(copy).replaceFirst(match -> "@id(\"" + Matcher.quoteReplacement(match.group(1)) + "-copy-" + step + "\")");
                files.put(file, text + "\n" + copy + "\n");
                return file + ": '" + name + "' copied to the end";
            }
            default -> {
                if (rules.size() < 2) {
                    files.put(file, text + "\n// step " + step + "\n");
                    return file + ": a comment added";
                }
                // the rule moved to the end of its file: its place, so its load order, changes
                files.put(file, text.substring(0, rule[0]) + text.substring(rule[1]) + "\n" + body + "\n");
                return file + ": '" + name + "' moved to the end";
            }
        }
    }

    private static String name(String rule) {
        Matcher matcher = NAME.matcher(rule);
        return matcher.find() ? matcher.group(1) : rule.lines().findFirst().orElse("");
    }

    /** Every scenario through the version's warm sessions: the whole trace in order, and what the rules concluded. */
    private static Map<String, String> answers(Ruleset ruleset) {
        return answers(ruleset, cases);
    }

    /** {@link #answers(Ruleset)} for other tests, given the scenarios' facts ({@link IncrementalBuildTest#scenarioFacts()}). */
    static Map<String, String> answers(Ruleset ruleset, Map<String, List<Object>> cases) {
        Map<String, String> answers = new TreeMap<>();
        cases.forEach((file, facts) -> {
            Evaluation evaluation = ruleset.evaluate(facts, RulesConfig.DEFAULT_MAX_FIRINGS);
            StringBuilder text = new StringBuilder();
            evaluation.trace().forEach(entry -> text.append(entry).append('\n'));
            text.append("--\n");
            evaluation.produced().forEach(p -> text.append(p.rule()).append(": ").append(FactSummary.of(p.fact())).append('\n'));
            answers.put(file, text.toString());
        });
        return answers;
    }
}
