package dev.transferadvisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Deployment that {@code package} generates into target/kubernetes/kubernetes.yml (quarkus-kubernetes, from the
 * {@code quarkus.kubernetes.*} keys of application.properties) holds what README "Running on Kubernetes" promises.
 * An integration test: the file exists only after {@code package}, which runs after the unit tests.
 */
class KubernetesManifestIT {

    static final Path MANIFEST = Path.of("target", "kubernetes", "kubernetes.yml");
    static final String RULES_CONFIG_MAP = "transfer-advisor-rules";
    static final String AUDIT_SECRET = "transfer-advisor-audit";
    static final String USERS_SECRET = "transfer-advisor-users";
    /** README's documented flags, as the bench and the reliability suite run the service. */
    static final List<String> JVM_FLAGS = List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=64m",
            "-XX:MaxMetaspaceSize=192m", "-XX:MetaspaceSize=80m", "-XX:MinMetaspaceFreeRatio=10", "-XX:MaxMetaspaceFreeRatio=20",
            "-Xss512k", "-XX:+ExitOnOutOfMemoryError");

    static JsonNode deployment;
    static JsonNode container;

    @BeforeAll
    static void readManifest() throws IOException {
        assertThat(MANIFEST).as("written by package (quarkus-kubernetes)").isRegularFile();
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> values = new YAMLMapper().readerFor(JsonNode.class).readValues(Files.readString(MANIFEST))) {
            while (values.hasNext()) {
                documents.add(values.next());
            }
        }
        List<JsonNode> deployments = documents.stream().filter(doc -> "Deployment".equals(doc.path("kind").asText())).toList();
        assertThat(deployments).as("Deployments in %s", MANIFEST).hasSize(1);
        deployment = deployments.get(0);
        JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
        assertThat(containers.size()).as("containers of the Deployment").isEqualTo(1);
        container = containers.get(0);
    }

    @Test
    void runsAtLeastTwoReplicas() {
        assertThat(deployment.path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void probesTheHealthEndpointsAndLeavesTheStartTimeToCompileTheRules() {
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
        JsonNode startup = container.path("startupProbe");
        assertThat(startup.path("httpGet").path("path").asText()).isEqualTo("/q/health/started");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            JsonNode settings = container.path(probe);
            assertThat(settings.path("initialDelaySeconds").isInt()).as("%s initialDelaySeconds", probe).isTrue();
            assertThat(settings.path("periodSeconds").asInt()).as("%s periodSeconds", probe).isPositive();
            assertThat(settings.path("failureThreshold").asInt()).as("%s failureThreshold", probe).isPositive();
        }
        // a start takes 7-12 s (compile and warm-up, README Performance), longer cold on a throttled node:
        // the kubelet must not restart a container that is still compiling its rules
        int startWindow = startup.path("initialDelaySeconds").asInt()
                + startup.path("periodSeconds").asInt() * startup.path("failureThreshold").asInt();
        assertThat(startWindow).as("seconds a start may take before the kubelet restarts the container").isGreaterThanOrEqualTo(60);
    }

    @Test
    void mountsTheRulesConfigMapReadOnlyAsTheRulesDirectory() {
        JsonNode volume = find(deployment.path("spec").path("template").path("spec").path("volumes"),
                v -> RULES_CONFIG_MAP.equals(v.path("configMap").path("name").asText()))
                .orElseThrow(() -> new AssertionError("no volume from ConfigMap " + RULES_CONFIG_MAP));
        String volumeName = volume.path("name").asText();
        JsonNode mount = find(container.path("volumeMounts"), m -> volumeName.equals(m.path("name").asText()))
                .orElseThrow(() -> new AssertionError("volume " + volumeName + " is not mounted"));
        assertThat(mount.path("readOnly").asBoolean()).as("rules mount read-only").isTrue();
        String mountPath = mount.path("mountPath").asText();
        assertThat(mountPath).isNotBlank();
        assertThat(env("ADVISOR_RULES_DIR").path("value").asText()).isEqualTo(mountPath);
        // the image's user is not root: a mode that only the owner (root) may read would hide the rules from it
        assertThat(volume.path("configMap").path("defaultMode").asInt() & 0444).as("rules readable by all").isEqualTo(0444);
    }

    @Test
    void takesTheAuditDatabaseFromItsSecret() {
        assertFromSecret("ADVISOR_AUDIT_JDBC_URL", AUDIT_SECRET, "jdbc-url");
        assertFromSecret("ADVISOR_AUDIT_USERNAME", AUDIT_SECRET, "username");
        assertFromSecret("ADVISOR_AUDIT_PASSWORD", AUDIT_SECRET, "password");
    }

    @Test
    void takesTheUsersFromTheirSecret() {
        assertThat(find(container.path("envFrom"), e -> USERS_SECRET.equals(e.path("secretRef").path("name").asText())))
                .as("envFrom Secret %s", USERS_SECRET).isPresent();
    }

    @Test
    void setsResourcesFromTheBenchmark() {
        JsonNode resources = container.path("resources");
        long requestedMemory = bytes(resources.path("requests").path("memory").asText());
        long memoryLimit = bytes(resources.path("limits").path("memory").asText());
        // resident memory peaked at 488 MB under load with the documented flags (README Performance)
        assertThat(requestedMemory).as("memory request").isGreaterThanOrEqualTo(488_000_000L);
        assertThat(memoryLimit).as("memory limit").isGreaterThanOrEqualTo(requestedMemory);
        double requestedCpu = cores(resources.path("requests").path("cpu").asText());
        double cpuLimit = cores(resources.path("limits").path("cpu").asText());
        assertThat(requestedCpu).as("cpu request").isPositive();
        assertThat(cpuLimit).as("cpu limit").isGreaterThanOrEqualTo(requestedCpu);
    }

    @Test
    void runsTheJvmWithTheDocumentedFlags() {
        List<String> flags = List.of(env("JAVA_OPTS_APPEND").path("value").asText().split("\\s+"));
        assertThat(flags).containsAll(JVM_FLAGS);
        // the ubi openjdk images add -XX:+UseParallelGC unless told otherwise; two collectors stop the JVM
        assertThat(env("GC_CONTAINER_OPTIONS").path("value").asText()).isEqualTo("-XX:+UseSerialGC");
        // glibc's per-thread native heaps would take the 12-16 MB the memory budget is met by
        assertThat(env("MALLOC_ARENA_MAX").path("value").asText()).isEqualTo("2");
    }

    private static void assertFromSecret(String name, String secret, String key) {
        JsonNode ref = env(name).path("valueFrom").path("secretKeyRef");
        assertThat(ref.path("name").asText()).as("%s from Secret", name).isEqualTo(secret);
        assertThat(ref.path("key").asText()).as("%s key", name).isEqualTo(key);
    }

    private static JsonNode env(String name) {
        return find(container.path("env"), e -> name.equals(e.path("name").asText()))
                .orElseThrow(() -> new AssertionError("no env var " + name + " in the container"));
    }

    private static Optional<JsonNode> find(JsonNode array, Predicate<JsonNode> test) {
        return StreamSupport.stream(array.spliterator(), false).filter(test).findFirst();
    }

    /** A Kubernetes memory quantity in bytes: 512Mi, 1Gi, 500M, 536870912. */
    static long bytes(String quantity) {
        String[][] suffixes = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"k", "1000"}, {"M", "1000000"},
            {"G", "1000000000"}};
        for (String[] suffix : suffixes) {
            if (quantity.endsWith(suffix[0])) {
                return Long.parseLong(quantity.substring(0, quantity.length() - suffix[0].length())) * Long.parseLong(suffix[1]);
            }
        }
        assertThat(quantity).as("memory quantity").matches("\\d+");
        return Long.parseLong(quantity);
    }

    /** A Kubernetes CPU quantity in cores: 1, 2, 500m. */
    static double cores(String quantity) {
        assertThat(quantity).as("cpu quantity").matches("\\d+(\\.\\d+)?m?");
        return quantity.endsWith("m") ? Double.parseDouble(quantity.substring(0, quantity.length() - 1)) / 1000
                : Double.parseDouble(quantity);
    }
}
