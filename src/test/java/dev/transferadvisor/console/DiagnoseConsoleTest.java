package dev.transferadvisor.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The diagnose pages over HTTP: the form and the editor reach the same service as the API, errors land by their fields. */
@QuarkusTest
class DiagnoseConsoleTest {

    static String example() throws IOException {
        try (InputStream in = DiagnoseConsoleTest.class.getClassLoader().getResourceAsStream("warm-up/xray-api-example.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Response post(String cookie, String path, Object... formPairs) {
        var request = given().redirects().follow(false).cookie(ConsoleAccessTest.COOKIE, cookie).contentType("application/x-www-form-urlencoded");
        for (int i = 0; i < formPairs.length; i += 2) {
            request = request.formParam((String) formPairs[i], formPairs[i + 1]);
        }
        return request.post(path);
    }

    @Test
    void theFormDiagnosesAPlanAndTheAnswerPageShowsVerdictsFindingsAndTheChain() {
        String cookie = ConsoleAccessTest.logIn("client");
        given().cookie(ConsoleAccessTest.COOKIE, cookie).get("/console/diagnose").then().statusCode(200)
                .body(containsString("<label for=\"field-target-labeledExamples\">"));
        Response posted = post(cookie, "/console/diagnose",
                "/source/model", "resnet50", "/source/modality", "IMAGE", "/source/domain", "natural-images",
                "/target/modality", "IMAGE", "/target/domain", "chest-xray", "/target/labeledExamples", "200",
                "/plan/strategy", "FULL_FINE_TUNING", "/plan/learningRate", "0.01", "/plan/epochs", "60",
                "/plan/unfreezing", "ALL_AT_ONCE", "/plan/compute", "LOW");
        assertThat(posted.statusCode()).isEqualTo(303);
        String answer = posted.header("Location");
        assertThat(answer).contains("/console/diagnoses/");
        String id = answer.substring(answer.lastIndexOf('/') + 1);

        String page = given().cookie(ConsoleAccessTest.COOKIE, cookie).get(answer).then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        assertThat(page).contains("id=\"verdicts\"", "FULL_FINE_TUNING", "FEATURE_EXTRACTION", "<svg class=\"graph\"",
                "href=\"/console/audit/records/" + id + "\"");
        // the same diagnosis as the API gives, finding by finding
        var api = given().auth().preemptive().basic("client", "client").get("/api/diagnoses/" + id).then().statusCode(200)
                .extract().jsonPath();
        for (String code : api.<String>getList("findings.code")) {
            assertThat(page).contains("<code>" + code + "</code>");
        }
        assertThat(api.getList("findings")).isNotEmpty();
        for (String rule : api.<String>getList("trace.rule")) {
            assertThat(page).as("a graph node per firing").contains("href=\"/console/rules/" + rule + "\"");
        }
    }

    @Test
    void theEditorTakesTheWholeCaseAsJsonOrYaml() throws IOException {
        String cookie = ConsoleAccessTest.logIn("client");
        Response json = post(cookie, "/console/diagnose/editor", "case", example());
        assertThat(json.statusCode()).isEqualTo(303);
        String yaml = "source:\n  modality: TEXT\n  model: bert-base\ntarget:\n  modality: TEXT\n  labeledExamples: 500\n";
        Response fromYaml = post(cookie, "/console/diagnose/editor", "case", yaml);
        assertThat(fromYaml.statusCode()).isEqualTo(303);
        given().cookie(ConsoleAccessTest.COOKIE, cookie).get(fromYaml.header("Location")).then().statusCode(200)
                .body(containsString("id=\"recommended\""));
    }

    @Nested
    class Refused {

        @Test
        void aBadFieldIsNamedBesideItAndTheValuesStay() {
            String cookie = ConsoleAccessTest.logIn("client");
            Response notANumber = post(cookie, "/console/diagnose", "/source/modality", "IMAGE", "/target/modality", "IMAGE",
                    "/target/labeledExamples", "100", "/plan/learningRate", "fast", "/source/model", "resnet50");
            assertThat(notANumber.statusCode()).isEqualTo(400);
            assertThat(notANumber.asString()).contains("id=\"field-plan-learningRate-error\"", "value=\"resnet50\"", "value=\"fast\"")
                    .doesNotContain("id=\"field-source-model-error\"");
            Response negative = post(cookie, "/console/diagnose", "/source/modality", "IMAGE", "/target/modality", "IMAGE",
                    "/target/labeledExamples", "-5");
            assertThat(negative.statusCode()).isEqualTo(400);
            assertThat(negative.asString()).contains("id=\"field-target-labeledExamples-error\"", "value=\"-5\"");
        }

        @Test
        void aMissingRequiredFieldIsNamed() {
            String cookie = ConsoleAccessTest.logIn("client");
            Response bad = post(cookie, "/console/diagnose", "/source/modality", "IMAGE");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.asString()).contains("id=\"field-target-modality-error\"", "id=\"field-target-labeledExamples-error\"");
        }

        @Test
        void anEditorCaseThatIsNeitherJsonNorYamlIsSaid() {
            String cookie = ConsoleAccessTest.logIn("client");
            Response bad = post(cookie, "/console/diagnose/editor", "case", "source: [unclosed");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.asString()).contains("id=\"problem\"", "neither JSON nor YAML");
            Response badJson = post(cookie, "/console/diagnose/editor", "case", "{\"source\": ");
            assertThat(badJson.statusCode()).isEqualTo(400);
            assertThat(badJson.asString()).contains("not valid JSON");
        }

        @Test
        void otherRolesAreSentHomeWithTheReason() {
            given().redirects().follow(false).cookie(ConsoleAccessTest.COOKIE, ConsoleAccessTest.logIn("auditor"))
                    .get("/console/diagnose")
                    .then().statusCode(303).header("Location", endsWith("/console?forbidden=/console/diagnose"));
            given().cookie(ConsoleAccessTest.COOKIE, ConsoleAccessTest.logIn("auditor")).get("/console?forbidden=/console/diagnose")
                    .then().body(containsString("id=\"forbidden\"")).body(not(containsString("href=\"/console/diagnose\"")));
        }

        @Test
        void anUnknownDiagnosisIsANotFoundPage() {
            given().cookie(ConsoleAccessTest.COOKIE, ConsoleAccessTest.logIn("client")).get("/console/diagnoses/no-such-id")
                    .then().statusCode(404).contentType(containsString("text/html")).body(containsString("id=\"not-found\""));
        }
    }
}
