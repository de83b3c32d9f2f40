package dev.transferadvisor.ruleset;

import static dev.transferadvisor.system.TestUsers.asAuditor;
import static dev.transferadvisor.system.TestUsers.asAuthor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.transferadvisor.TestTrees;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Rules delivered as Kubernetes delivers a ConfigMap volume: each entry a link through {@code ..data},
 * {@code ..data} a link to a hidden timestamped folder, an update published by writing a new folder and
 * renaming a new link over {@code ..data}, then removing the old folder (the kubelet's atomic writer).
 */
@QuarkusTest
@TestProfile(KubernetesVolumeTest.ConfigMapVolume.class)
class KubernetesVolumeTest {

    public static class ConfigMapVolume implements QuarkusTestProfile {

        static final Path MOUNT = mount();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("advisor.rules.dir", MOUNT.toString(), "advisor.rules.watch-debounce", "PT0.1S");
        }

        private static Path mount() {
            try {
                Path mount = Files.createTempDirectory("advisor-configmap-");
                Path first = TestTrees.copy(Path.of("rules"), mount.resolve("..2026_11_29_01_00_00.000000001"));
                Files.createSymbolicLink(mount.resolve("..data"), first.getFileName());
                try (Stream<Path> entries = Files.list(first)) {
                    for (Path entry : entries.toList()) {
                        Files.createSymbolicLink(mount.resolve(entry.getFileName()), Path.of("..data").resolve(entry.getFileName()));
                    }
                }
                return mount;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static final Path MOUNT = ConfigMapVolume.MOUNT;

    @Test
    void servesTheVolumeAsItServesThePlainFolderAndAppliesAnUpdateOnce() throws Exception {
        // every file once, not again under ..data or the hidden folder: the very version of rules/
        String plain = RulesetCompiler.version(RulesetCompiler.readSources(Path.of("rules")));
        int files = RulesetCompiler.readSources(Path.of("rules")).size();
        asAuthor().when().get("/api/rules").then().statusCode(200)
                .body("version", equalTo(plain)).body("files.size()", equalTo(files));

        assertThat(metrics()).contains("advisor_ruleset_info{version=\"" + plain + "\"} 1.0");

        // the kubelet's update: a new folder, a new link renamed over ..data, the old folder removed
        Instant before = Instant.now();
        Path old = MOUNT.resolve("..data").toRealPath();
        Path next = TestTrees.copy(Path.of("rules"), MOUNT.resolve("..2026_11_29_01_05_00.000000002"));
        Files.writeString(next.resolve("pitfalls/dataset-license.drl"), HotReloadTest.NEW_RULE.formatted("License unknown"));
        Files.createSymbolicLink(MOUNT.resolve("..data_tmp"), next.getFileName());
        Files.move(MOUNT.resolve("..data_tmp"), MOUNT.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        TestTrees.delete(old);

        await().atMost(HotReloadTest.PROMISE).untilAsserted(() -> asAuthor().when().get("/api/rules").then()
                .body("files.size()", equalTo(files + 1)).body("lastReload.outcome", equalTo("APPLIED")));
        Thread.sleep(1_500); // anything the staging folders' comings and goings would trigger has happened by now
        List<String> outcomes = asAuditor().when().get("/api/rulesets/reloads").then().statusCode(200).extract()
                .jsonPath().getList("findAll { it.trigger == 'watcher' && it.at > '" + before + "' }.outcome");
        assertThat(outcomes).as("reloads the swap caused").containsExactly("APPLIED");

        // every replica names the version it serves, in readiness and as a metric, and only that one
        String serving = asAuthor().when().get("/api/rules").then().extract().path("version");
        io.restassured.RestAssured.when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'rules' }.data.version", equalTo(serving));
        assertThat(metrics()).contains("advisor_ruleset_info{version=\"" + serving + "\"} 1.0")
                .doesNotContain("advisor_ruleset_info{version=\"" + plain + "\"}");
    }

    private static String metrics() {
        return io.restassured.RestAssured.when().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
