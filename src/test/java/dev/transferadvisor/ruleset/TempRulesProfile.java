package dev.transferadvisor.ruleset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Runs the service on a private copy of the shipped rules, so tests can edit, add and break rule files
 * while it runs without touching rules/.
 */
public class TempRulesProfile implements QuarkusTestProfile {

    static final Path DIR = copyOfShippedRules();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("advisor.rules.dir", DIR.toString(), "advisor.rules.watch-debounce", "PT0.1S");
    }

    static Path copyOfShippedRules() {
        try {
            Path target = Files.createTempDirectory("advisor-rules-");
            Path source = Path.of("rules");
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path path : walk.toList()) {
                    Path copy = target.resolve(source.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(path, copy);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
