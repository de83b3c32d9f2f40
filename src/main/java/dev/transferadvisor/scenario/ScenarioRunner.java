package dev.transferadvisor.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.validation.Validator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.transferadvisor.advice.Diagnoser;
import dev.transferadvisor.advice.Diagnosis;
import dev.transferadvisor.advice.InvalidCaseException;
import dev.transferadvisor.advice.Severity;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.scenario.Scenario.ExpectedFinding;

/**
 * Loads {@code test-scenarios/**}{@code /*.yaml} and checks each against a ruleset, without a server:
 * the test suite and the command-line workbench run scenarios the same way.
 */
public final class ScenarioRunner {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS = Set.of("name", "description", "case", "expect");
    private static final Set<String> EXPECT_KEYS = Set.of("strategy", "findings", "absent", "fired", "notFired", "maxSeverity");

    // scenario answers are timeless, so two runs of one scenario compare equal
    private static final Clock EPOCH = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    private final Diagnoser diagnoser;

    public ScenarioRunner(Validator validator) {
        this(new Diagnoser(validator));
    }

    private ScenarioRunner(Diagnoser diagnoser) {
        this.diagnoser = diagnoser;
    }

    /** A runner with its own validator, for use outside the application (tests, command line). */
    public static ScenarioRunner standalone() {
        return new ScenarioRunner(Diagnoser.standalone());
    }

    /** Every scenario file below {@code directory}, sorted by path; a file that cannot be read is an error. */
    public static List<Scenario> load(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
            List<Scenario> scenarios = new ArrayList<>();
            for (Path file : files) {
                scenarios.add(parse(directory.relativize(file).toString().replace('\\', '/'), YAML.readTree(file.toFile())));
            }
            return scenarios;
        }
    }

    static Scenario parse(String file, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": a scenario is a mapping with name, case and expect");
        }
        unknownKeys(file, root, KEYS, "");
        if (!root.has("case")) {
            throw new IllegalArgumentException(file + ": missing 'case'");
        }
        JsonNode expect = root.path("expect");
        unknownKeys(file, expect, EXPECT_KEYS, "expect.");
        List<ExpectedFinding> findings = new ArrayList<>();
        for (JsonNode f : expect.path("findings")) {
            if (f.isTextual()) {
                findings.add(new ExpectedFinding(f.asText(), null));
            } else {
                findings.add(new ExpectedFinding(f.path("code").asText(),
                        f.hasNonNull("severity") ? Severity.valueOf(f.get("severity").asText()) : null));
            }
        }
        return new Scenario(file, root.path("name").asText(file), root.path("description").asText(null), root.get("case"),
                expect.has("strategy"), expect.hasNonNull("strategy") ? expect.get("strategy").asText() : null, findings,
                texts(expect.path("absent")), texts(expect.path("fired")), texts(expect.path("notFired")),
                expect.hasNonNull("maxSeverity") ? Severity.valueOf(expect.get("maxSeverity").asText()) : null);
    }

    public ScenarioResult run(Scenario scenario, Ruleset ruleset, int maxFirings) {
        Diagnosis diagnosis;
        try {
            diagnosis = diagnoser.diagnose(scenario.caseBody(), Diagnoser.Engine.of(ruleset, maxFirings), "scenario", EPOCH);
        } catch (InvalidCaseException e) {
            return new ScenarioResult(scenario, null, List.of("the case is invalid: " + e.getMessage() + " "
                    + e.errors().stream().map(err -> err.field() + " " + err.message()).collect(Collectors.joining("; "))));
        } catch (RuntimeException e) {
            return new ScenarioResult(scenario, null, List.of("evaluation failed: " + e.getMessage()));
        }
        return new ScenarioResult(scenario, diagnosis, check(scenario, diagnosis, ruleset));
    }

    private static List<String> check(Scenario s, Diagnosis d, Ruleset ruleset) {
        List<String> failures = new ArrayList<>();
        String strategy = d.recommendation().strategy() == null ? null : d.recommendation().strategy().name();
        if (s.strategySet() && !java.util.Objects.equals(s.strategy(), strategy)) {
            failures.add("strategy: expected " + s.strategy() + ", got " + strategy);
        }
        for (ExpectedFinding expected : s.findings()) {
            boolean found = d.findings().stream().anyMatch(f -> f.code().equals(expected.code())
                    && (expected.severity() == null || f.severity() == expected.severity()));
            if (!found) {
                String got = d.findings().stream().filter(f -> f.code().equals(expected.code()))
                        .map(f -> f.severity().name()).collect(Collectors.joining(", "));
                failures.add("finding " + expected + " expected" + (got.isEmpty() ? ", absent" : ", got it at " + got));
            }
        }
        for (String code : s.absent()) {
            d.findings().stream().filter(f -> f.code().equals(code)).findFirst()
                    .ifPresent(f -> failures.add("finding " + code + " must be absent, reported by " + f.rule()));
        }
        // a rule that fired on the reference data holds for every case of the version
        Set<String> fired = d.trace().stream().map(t -> t.rule()).collect(Collectors.toSet());
        ruleset.residentTrace().forEach(t -> fired.add(t.rule()));
        s.fired().stream().filter(id -> !fired.contains(id)).forEach(id -> failures.add("rule " + id + " expected to fire, did not"));
        s.notFired().stream().filter(fired::contains).forEach(id -> failures.add("rule " + id + " must not fire, fired"));
        if (s.maxSeverity() != null) {
            d.findings().stream().filter(f -> f.severity().compareTo(s.maxSeverity()) > 0).forEach(f -> failures.add(
                    "finding " + f.code() + " at " + f.severity() + " exceeds maxSeverity " + s.maxSeverity() + " (" + f.rule() + ")"));
        }
        return failures;
    }

    private static void unknownKeys(String file, JsonNode node, Set<String> known, String prefix) {
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(file + ": unknown key '" + prefix + key + "'; known: " + known);
            }
        });
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        node.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
