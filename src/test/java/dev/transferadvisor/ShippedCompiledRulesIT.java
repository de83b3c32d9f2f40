package dev.transferadvisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code package} ships the shipped rules compiled, and a new installation's first start takes them instead of
 * compiling — also when the application is copied elsewhere (an image, another folder): the cache's key names
 * content, not paths — and so does a pod on a ConfigMap of the shipped rules, a flat folder. An integration test:
 * it starts the packaged jar, as an operator does, from a copy of {@code target/quarkus-app}, on the shipped
 * rules, with an empty compiled-rules cache and a fresh audit store.
 */
class ShippedCompiledRulesIT {

    static final Path APP = Path.of("target", "quarkus-app");
    static final Path SHIPPED = APP.resolve("app").resolve("rules-cache");

    @TempDir
    Path temp;

    @Test
    void packageShipsTheRulesCompiledAsTheyLieAndAsAFlatFolder() throws IOException {
        assertThat(entries(SHIPPED)).as("compiled rules in %s", SHIPPED).hasSize(2);
    }

    @Test
    void aFirstStartFromACopyOfThePackageTakesTheShippedRulesRatherThanCompiling() throws Exception {
        assertTakesTheShippedRules(Path.of("rules").toAbsolutePath());
    }

    @Test
    void soDoesAFirstStartOnTheRulesAsOneFlatFolderAsAConfigMapMountsThem() throws Exception {
        Path flat = Files.createDirectories(temp.resolve("configmap"));
        try (Stream<Path> files = Files.walk(Path.of("rules"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".drl")).toList()) {
                Files.copy(file, flat.resolve(file.getFileName().toString()));
            }
        }
        assertTakesTheShippedRules(flat);
    }

    private void assertTakesTheShippedRules(Path rules) throws Exception {
        Path copy = TestTrees.copy(APP, temp.resolve("elsewhere/quarkus-app"));
        Path cache = temp.resolve("cache");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(KubernetesManifestIT.JVM_FLAGS);
        command.addAll(List.of("-Dquarkus.http.port=0", "-Dquarkus.http.host=127.0.0.1",
                "-Dadvisor.rules.dir=" + rules,
                "-Dadvisor.rules.cache-dir=" + cache,
                "-Dadvisor.audit.jdbc-url=jdbc:h2:file:" + temp.resolve("audit"),
                "-jar", copy.resolve("quarkus-run.jar").toString()));
        Process service = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> log = new ArrayList<>();
        CompletableFuture<Boolean> applied = CompletableFuture.supplyAsync(() -> readUntilApplied(service, log));
        try {
            assertThat(applied.get(180, TimeUnit.SECONDS)).as("the rules applied at startup; the log:%n%s", String.join("\n", log)).isTrue();
        } finally {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        String shipped = copy.resolve("app/rules-cache").toAbsolutePath().toString();
        assertThat(log).as("the service's log").anyMatch(line -> line.contains("Compiled rules taken from those shipped with the package")
                && line.contains(shipped));
        assertThat(entries(copy.resolve("app/rules-cache"))).as("the shipped entries are left as they were").hasSize(2);
        assertThat(entries(cache)).as("nothing written to the cache: the shipped entry serves every start").isEmpty();
    }

    private static boolean readUntilApplied(Process service, List<String> log) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (log) {
                    log.add(line);
                }
                if (line.contains("applied (startup)")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
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
