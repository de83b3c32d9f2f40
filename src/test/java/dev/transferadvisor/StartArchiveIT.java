package dev.transferadvisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run ({@code advisor.training-run=true}) stops the packaged service once it is ready, with status 0, so
 * that {@code -XX:ArchiveClassesAtExit} writes a class-data sharing archive of a whole start; a start with that
 * archive maps the classes it loads — the service's own, Drools', Vert.x's — from it. The second start insists on
 * the archive ({@code -Xshare:on}: without a usable one the JVM refuses to start) and is a training run too. A run
 * that is not ready in time stops with status 1. README "Start: what it spends".
 */
class StartArchiveIT {

    static final Path APP = Path.of("target", "quarkus-app");

    @TempDir
    Path temp;

    @Test
    void aTrainingRunWritesAnArchiveOfAWholeStartThatTheNextStartMapsItsClassesFrom() throws Exception {
        Path archive = temp.resolve("app-start.jsa");
        Run training = start(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds*=error"), "PT3M");
        assertThat(training.status).as("a training run stops by itself once ready, with status 0; the output:%n%s",
                training.tail()).isZero();
        assertThat(training.output).as("the start was ready before it stopped")
                .anyMatch(line -> line.contains("Training run: started and ready"));
        assertThat(archive).as("the archive the JVM wrote at exit").isNotEmptyFile();

        Run run = start(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info"), "PT3M");
        assertThat(run.status).as("the output:%n%s", run.tail()).isZero();
        for (String type : List.of("dev.transferadvisor.ruleset.RuleBase", "org.drools.core.impl.KnowledgeBaseImpl",
                "io.vertx.core.http.impl.HttpServerImpl")) {
            assertThat(run.output).as("where %s was loaded from", type)
                    .anyMatch(line -> line.contains("] " + type + " source: shared objects file"));
        }
    }

    @Test
    void aTrainingRunThatIsNotReadyInTimeStopsWithStatusOne() throws Exception {
        Run run = start(List.of(), "PT0.001S");

        assertThat(run.status).as("the output:%n%s", run.tail()).isEqualTo(1);
        assertThat(run.output).anyMatch(line -> line.contains("Training run: not ready within PT0.001S"));
    }

    private Run start(List<String> jvmFlags, String timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(KubernetesManifestIT.JVM_FLAGS);
        command.addAll(jvmFlags);
        command.addAll(List.of("-Dadvisor.training-run=true", "-Dadvisor.training-run.timeout=" + timeout,
                "-Dquarkus.http.port=0", "-Dquarkus.http.host=127.0.0.1",
                "-Dadvisor.rules.dir=" + Path.of("rules").toAbsolutePath(),
                "-Dadvisor.rules.cache-dir=" + temp.resolve("cache"),
                "-Dadvisor.audit.jdbc-url=jdbc:h2:file:" + temp.resolve("audit"),
                "-jar", APP.resolve("quarkus-run.jar").toString()));
        Path output = temp.resolve("output.txt");
        Process service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!service.waitFor(180, TimeUnit.SECONDS)) {
            service.destroyForcibly();
            throw new AssertionError("the training run did not stop within 180 s");
        }
        return new Run(service.exitValue(), Files.readAllLines(output, StandardCharsets.UTF_8));
    }

    private record Run(int status, List<String> output) {
        String tail() {
            return String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size()));
        }
    }
}
