package dev.transferadvisor.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The served OpenAPI document ({@code src/test/openapi/openapi.json}, kept identical by
 * {@link OpenApiDocumentTest}) under the linters client teams run: Spectral's {@code spectral:oas} and
 * Redocly's {@code recommended} rules, at the versions pinned in {@code src/test/lint}: no error and
 * no warning. Skipped, saying so, where Node.js is not installed.
 */
class OpenApiLintTest {

    static final Path SOURCES = Path.of("src/test/lint");
    static final Path WORK = Path.of("target/openapi-lint");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void installTheLinters() throws Exception {
        Assumptions.assumeTrue(NodeTools.installed(), NodeTools.MISSING + ": the OpenAPI lint is skipped");
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", ".spectral.yaml")) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), 600);
        assertThat(install.status()).as("npm ci\n" + install.output()).isZero();
    }

    @Test
    void spectralFindsNoErrorAndNoWarning() throws Exception {
        Run lint = run(List.of("node", "node_modules/.bin/spectral", "lint", "--format", "json", "--quiet",
                OpenApiDocumentTest.SNAPSHOT.toAbsolutePath().toString()), 300);
        JsonNode problems = JSON.readTree(json(lint.output()));
        List<String> found = new ArrayList<>();
        problems.forEach(problem -> found.add(problem.path("code").asText() + " (severity " + problem.path("severity").asInt()
                + ") at " + problem.path("path") + ": " + problem.path("message").asText()));
        assertThat(found).as("Spectral spectral:oas").isEmpty();
    }

    @Test
    void redoclyFindsNoErrorAndNoWarning() throws Exception {
        Run lint = run(List.of("node", "node_modules/.bin/redocly", "lint", "--format", "json",
                OpenApiDocumentTest.SNAPSHOT.toAbsolutePath().toString()), 300);
        JsonNode report = JSON.readTree(json(lint.output()));
        assertThat(report.at("/totals/errors").asInt()).as("Redocly errors\n" + lint.output()).isZero();
        List<String> warnings = new ArrayList<>();
        report.path("problems").forEach(problem -> warnings.add(problem.path("ruleId").asText()));
        assertThat(warnings).as("Redocly warnings\n" + lint.output()).isEmpty();
    }

    /** The JSON a linter printed, without the banners some print around it. */
    private static String json(String output) {
        int array = output.indexOf('[');
        int object = output.indexOf('{');
        int start = array < 0 ? object : object < 0 ? array : Math.min(array, object);
        assertThat(start).as("the linter printed no JSON:\n" + output).isNotNegative();
        return output.substring(start, Math.max(output.lastIndexOf(']'), output.lastIndexOf('}')) + 1);
    }

    private record Run(int status, String output) {
    }


    private static Run run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        // stdout only: the JSON; what the tools say on stderr (deprecation banners) is not parsed
        Process process = new ProcessBuilder(command).directory(WORK.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as(String.join(" ", command) + " finished within " + timeoutSeconds + " s").isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
