package dev.transferadvisor.ruleset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.transferadvisor.TestTrees;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Runs the service on a private copy of the shipped rules, so tests can edit, add and break rule files
 * while it runs without touching rules/.
 */
public class TempRulesProfile implements QuarkusTestProfile {

    static final Path DIR = copyOfShippedRules();

    /** The private copy the service runs on, for tests outside this package (the console's) that edit it. */
    public static Path dir() {
        return DIR;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("advisor.rules.dir", DIR.toString(), "advisor.rules.watch-debounce", "PT0.1S");
    }

    static Path copyOfShippedRules() {
        try {
            return TestTrees.copy(Path.of("rules"), Files.createTempDirectory("advisor-rules-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
