package dev.transferadvisor.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.quarkus.logging.Log;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The TypeScript client OpenAPI Generator makes from the served document ({@code -g typescript-fetch}, its
 * defaults; see the openapi-generator plugin in the pom), compiled with {@code tsc} and run with Node:
 * {@code src/test/typescript/roundtrip.ts} makes the same round trips as {@link GeneratedJavaClientTest}.
 * Where Node.js is not installed the test is skipped, saying so.
 */
@QuarkusTest
class GeneratedTypeScriptClientTest {

    static final Path GENERATED = Path.of("target/generated-clients/typescript");
    static final Path SOURCES = Path.of("src/test/typescript");
    static final Path WORK = Path.of("target/typescript-client-roundtrip");

    @TestHTTPResource("/")
    URL service;

    @Test
    void theGeneratedClientCompilesAndCompletesEveryRoundTrip() throws Exception {
        Assumptions.assumeTrue(NodeTools.installed(), NodeTools.MISSING + ": the TypeScript client round trip is skipped");
        prepareWorkDirectory();
        run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), 300);
        run(List.of("node", "node_modules/typescript/bin/tsc", "-p", "."), 300);
        String output = run(List.of("node", "out/roundtrip.js", service.toString().replaceAll("/$", "")), 120);
        assertThat(output).contains("created ", "read back ", "rejected /target/labeledExamples", "audited ", "rules ")
                .endsWith("ok\n");
    }

    private static void prepareWorkDirectory() throws IOException {
        if (Files.exists(WORK.resolve("client"))) {
            try (Stream<Path> old = Files.walk(WORK.resolve("client"))) {
                for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(WORK);
        try (Stream<Path> generated = Files.walk(GENERATED)) {
            for (Path source : generated.toList()) {
                Path target = WORK.resolve("client").resolve(GENERATED.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        for (String file : List.of("package.json", "package-lock.json", "tsconfig.json", "roundtrip.ts")) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
    }


    /** Runs a command in the work directory; its output is returned, and shown in the failure if it fails. */
    private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile(WORK.toAbsolutePath(), "run", ".log");
        Process process = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        Log.infof("%s:%n%s", String.join(" ", command), output);
        assertThat(finished).as(String.join(" ", command) + " finished within " + timeoutSeconds + " s; output:\n" + output).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + " exit code; output:\n" + output).isZero();
        return output;
    }
}
