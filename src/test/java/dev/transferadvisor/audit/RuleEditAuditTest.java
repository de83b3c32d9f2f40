package dev.transferadvisor.audit;

import static dev.transferadvisor.system.TestUsers.asAuditor;
import static dev.transferadvisor.system.TestUsers.asAuthor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.transferadvisor.TestTrees;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** After a rule is edited and reloaded, old records still show the rule as it was when they were answered. */
@QuarkusTest
@TestProfile(RuleEditAuditTest.OwnRules.class)
class RuleEditAuditTest {

    static final String RULE = "negative-transfer/signal-unrelated-modalities";
    static final String CASE = "{\"source\": {\"modality\": \"TEXT\"}, \"target\": {\"modality\": \"IMAGE\", \"labeledExamples\": 1200}}";

    /** A private copy of the shipped rules, so the test may edit them. */
    public static class OwnRules implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("advisor.rules.dir", rulesCopy(copyName()).toString(), "advisor.rules.watch", "false");
        }

        String copyName() {
            return "h2";
        }
    }

    /** Where the rules under test live: a copy per test class, so each may edit its own. */
    String copyName() {
        return "h2";
    }

    static Path rulesCopy(String name) {
        return Path.of(System.getProperties().computeIfAbsent("advisor.test.rules-copy." + name, key -> {
            try {
                Path target = TestTrees.copy(Path.of("rules"),
                        Files.createTempDirectory(Path.of("target"), "rules-edit-").toAbsolutePath());
                return target.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toString());
    }

    private static String firedSource(String id) {
        return asAuditor().when().get("/api/audit/" + id).then().statusCode(200)
                .extract().path("firedRules.find { it.id == '" + RULE + "' }.source");
    }

    @Test
    void oldRecordsKeepTheRuleTextOfTheirVersion() throws IOException {
        Response before = AuditTrailContract.diagnose(CASE);
        String oldSource = firedSource(before.path("id"));
        assertThat(oldSource).startsWith("rule \"signal: unrelated modalities\"").doesNotContain("edited");

        Path file = rulesCopy(copyName()).resolve("pitfalls/negative-transfer.drl");
        String content = Files.readString(file, StandardCharsets.UTF_8);
        String edited = content.replace("rule \"signal: unrelated modalities\"\n",
                "rule \"signal: unrelated modalities\"\n    // edited by the audit test\n");
        assertThat(edited).isNotEqualTo(content);
        Files.writeString(file, edited, StandardCharsets.UTF_8);
        asAuthor().when().post("/api/rules/reload").then().statusCode(200)
                .body("lastReload.outcome", equalTo("APPLIED"));

        Response after = AuditTrailContract.diagnose(CASE);
        assertThat(after.<String>path("rulesetVersion")).isNotEqualTo(before.path("rulesetVersion"));
        assertThat(firedSource(after.path("id"))).contains("// edited by the audit test");
        assertThat(firedSource(before.path("id"))).isEqualTo(oldSource);

        asAuditor().when().get("/api/rulesets/" + before.path("rulesetVersion")).then().statusCode(200)
                .body("files.find { it.path == 'pitfalls/negative-transfer.drl' }.content", equalTo(content));
        asAuditor().when().get("/api/rulesets/reloads").then().statusCode(200)
                .body("find { it.trigger == 'api:author' }.outcome", equalTo("APPLIED"))
                .body("version", hasItem(after.<String>path("rulesetVersion")));
    }
}
