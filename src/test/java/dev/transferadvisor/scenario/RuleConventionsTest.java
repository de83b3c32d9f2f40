package dev.transferadvisor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.transferadvisor.TestTrees;
import dev.transferadvisor.advice.Severity;
import dev.transferadvisor.ruleset.RuleInfo;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RulesetCompiler;

/** The conventions rules/README.md promises rule authors and auditors, checked on the shipped rules. */
class RuleConventionsTest {

    private static final Set<String> METADATA = Set.of("severity", "code", "description", "reference");
    // a number in a condition: thresholds belong in rules/config/, so only 0 and 1 may appear elsewhere
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.$\"])(\\d+\\.\\d+|\\d+)(?![\\w.])");
    private static final Pattern WHEN = Pattern.compile("(?s)\\bwhen\\b(.*?)\\bthen\\b");
    private static final Pattern THEN = Pattern.compile("(?s)\\bthen\\b(.*?)\\n\\s*end\\b");
    // engine calls that change working memory without truth maintenance
    private static final Pattern PLAIN_CHANGE = Pattern.compile("(?<![\\w.])(insert|modify|update|delete|retract)\\s*\\(");
    // a rule's name and what stands between it and its conditions: attributes and metadata
    private static final Pattern RULE_HEADER = Pattern.compile("(?m)^rule\\s+\"([^\"]+)\"((?s:.*?))^when\\b");
    private static final Pattern MATCHES_VARIABLE = Pattern.compile("\\bmatches\\s+\\$");

    private static Ruleset ruleset;

    @BeforeAll
    static void compile() throws Exception {
        var compilation = new RulesetCompiler(RuleConventionsTest.class.getClassLoader()).compile(ScenarioTest.RULES);
        assertThat(compilation.errors()).isEmpty();
        ruleset = compilation.ruleset();
    }

    @Test
    void everyRuleCarriesSeverityCodeDescriptionAndReference() {
        List<String> missing = new ArrayList<>();
        for (RuleInfo rule : ruleset.rules()) {
            METADATA.stream().filter(key -> String.valueOf(metadata(rule, key)).isBlank() || metadata(rule, key) == null)
                    .forEach(key -> missing.add(rule.id() + " (" + rule.file() + ":" + rule.line() + ") lacks @" + key));
            Object severity = rule.metadata().get("severity");
            if (severity != null && !Set.of("INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL").contains(String.valueOf(severity))) {
                missing.add(rule.id() + " has @severity(" + severity + "), not one of " + List.of(Severity.values()));
            }
        }
        assertThat(missing).as("rule metadata").isEmpty();
    }

    private static Object metadata(RuleInfo rule, String key) {
        return rule.metadata().get(key);
    }

    /** API.md: shipped rules declare @id, so a rename never changes what audit queries, metrics and impact follow. */
    @Test
    void everyRuleDeclaresItsStableId() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> file : RulesetCompiler.readSources(ScenarioTest.RULES).entrySet()) {
            Matcher header = RULE_HEADER.matcher(file.getValue());
            while (header.find()) {
                if (!header.group(2).contains("@id(")) {
                    missing.add(file.getKey() + ": rule \"" + header.group(1) + "\"");
                }
            }
        }
        assertThat(missing).as("rules without @id").isEmpty();
        assertThat(ruleset.rules()).extracting(RuleInfo::id).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("[a-z0-9-]+/[a-z0-9-]+"));
        assertThat(ruleset.rules()).allSatisfy(rule -> assertThat(rule.metadata()).doesNotContainKey("id"));
    }

    @Test
    void aRuleRenamedAndMovedToAnotherFileKeepsItsId(@TempDir Path temp) throws Exception {
        Path rules = TestTrees.copy(ScenarioTest.RULES, temp.resolve("rules"));
        Path from = rules.resolve("pitfalls/preprocessing-mismatch.drl");
        String source = Files.readString(from);
        int start = source.indexOf("rule \"normalization mean differs\"");
        int end = source.indexOf("\nend\n", start) + 5;
        String moved = source.substring(start, end).replace("rule \"normalization mean differs\"", "rule \"the plan's mean is not the model's\"");
        Files.writeString(from, source.substring(0, start) + source.substring(end));
        String header = source.substring(0, source.indexOf("\nrule "));
        Files.writeString(rules.resolve("pitfalls/normalization-constants.drl"), header + "\n\n" + moved);

        var renamed = new RulesetCompiler(RuleConventionsTest.class.getClassLoader()).compile(rules);

        assertThat(renamed.errors()).isEmpty();
        RuleInfo rule = renamed.ruleset().rules().stream().filter(r -> r.name().equals("the plan's mean is not the model's"))
                .findFirst().orElseThrow();
        assertThat(rule.file()).isEqualTo("pitfalls/normalization-constants.drl");
        assertThat(rule.id()).isEqualTo("preprocessing-mismatch/normalization-mean-differs");
        assertThat(renamed.ruleset().rules()).extracting(RuleInfo::id)
                .containsExactlyInAnyOrderElementsOf(ruleset.rules().stream().map(RuleInfo::id).toList());
        renamed.ruleset().release();
    }

    @Test
    void packageLineFollowsTheFolder() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> source : ruleset.sources().entrySet()) {
            String file = source.getKey();
            String expected = file.contains("/") ? file.substring(0, file.lastIndexOf('/')).replace('/', '.') : "";
            Matcher pkg = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;").matcher(source.getValue());
            if (!pkg.find() || !pkg.group(1).equals(expected)) {
                wrong.add(file + " declares package " + (pkg.find(0) ? pkg.group(1) : "none") + ", expected " + expected);
            }
            if (source.getValue().matches("(?s).*\\nimport\\s+[\\w.]+\\.\\*\\s*;.*")) {
                wrong.add(file + " uses a wildcard import");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void fileStemsAreUniqueSoARuleIdNamesItsFile() {
        Map<String, List<String>> byStem = new java.util.TreeMap<>();
        ruleset.sources().keySet().forEach(file -> byStem.computeIfAbsent(
                file.substring(file.lastIndexOf('/') + 1).replaceAll("\\.drl$", ""), k -> new ArrayList<>()).add(file));
        assertThat(byStem.values()).as("files sharing a stem (rule ids start with the stem)").allMatch(files -> files.size() == 1);
    }

    @Test
    void thresholdsLiveOnlyInConfig() {
        List<String> literals = new ArrayList<>();
        ruleset.sources().forEach((file, text) -> {
            if (file.startsWith("config/")) {
                return;
            }
            String code = text.replaceAll("//[^\\n]*", "").replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
            Matcher when = WHEN.matcher(code);
            while (when.find()) {
                Matcher number = NUMBER.matcher(when.group(1));
                while (number.find()) {
                    if (!Set.of("0", "1").contains(number.group(1))) {
                        literals.add(file + ": literal " + number.group(1) + " in a condition; declare a Threshold in config/thresholds.drl");
                    }
                }
            }
        });
        assertThat(literals).isEmpty();
    }

    @Test
    void salienceIsExplainedWhereItIsUsed() {
        List<String> unexplained = new ArrayList<>();
        ruleset.sources().forEach((file, text) -> {
            boolean headerExplains = text.lines().takeWhile(l -> !l.startsWith("rule ")).anyMatch(l -> l.startsWith("//") && l.contains("alience"));
            text.lines().filter(l -> l.strip().startsWith("salience")).forEach(l -> {
                if (!l.contains("//") && !headerExplains) {
                    unexplained.add(file + ": '" + l.strip() + "' without a comment saying why");
                }
            });
        });
        assertThat(unexplained).isEmpty();
    }

    /**
     * Warm sessions withdraw a case by deleting its facts; only conclusions inserted logically go with
     * them. A plain insert or modify outside the reference data would outlive the case and leak into
     * the next one, so it is refused here before a session ever sees it.
     */
    @Test
    void conclusionsOutsideConfigAreInsertedLogically() {
        List<String> plain = new ArrayList<>();
        ruleset.sources().forEach((file, text) -> {
            if (file.startsWith("config/")) {
                return;
            }
            String code = text.replaceAll("//[^\\n]*", "").replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
            Matcher then = THEN.matcher(code);
            while (then.find()) {
                Matcher call = PLAIN_CHANGE.matcher(then.group(1));
                while (call.find()) {
                    plain.add(file + ": " + call.group(1) + "(...) in a consequence; conclusions are insertLogical(...)"
                            + " (plain inserts belong to the reference data in config/)");
                }
            }
        });
        assertThat(plain).isEmpty();
    }

    @Test
    void patternsFromFactsAreMatchedThroughTheCompiledCache() {
        List<String> uncached = new ArrayList<>();
        ruleset.sources().forEach((file, text) -> text.lines().filter(l -> !l.strip().startsWith("//"))
                .filter(l -> MATCHES_VARIABLE.matcher(l).find())
                .forEach(l -> uncached.add(file + ": '" + l.strip() + "' compiles the pattern on every attempt;"
                        + " use Patterns.matches(text, $pattern)")));
        assertThat(uncached).isEmpty();
    }

    /**
     * Numbers in answers read the same on every server: formatted with Locale.US, not the JVM's default
     * (and not Locale.ROOT, which prints the same but makes the JDK build its symbols anew per number).
     */
    @Test
    void numbersAreFormattedTheSameOnEveryServer() {
        List<String> unlocalised = new ArrayList<>();
        ruleset.sources().forEach((file, text) -> text.lines().filter(l -> !l.strip().startsWith("//"))
                .filter(l -> l.contains("String.format(") && !l.contains("String.format(Locale.US,"))
                .forEach(l -> unlocalised.add(file + ": '" + l.strip() + "' formats with the server's locale, or"
                        + " one whose symbols the JDK builds anew for every number; use String.format(Locale.US, ...)")));
        assertThat(unlocalised).isEmpty();
    }
}
