package dev.transferadvisor.ruleset;

import static dev.transferadvisor.system.TestUsers.asAuthor;
import static dev.transferadvisor.system.TestUsers.asClient;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RulesResourceTest {

    @Test
    void describesTheServingRulesetWithItsFilesAndRules() {
        asAuthor().when().get("/api/rules")
                .then().statusCode(200)
                .body("version", matchesPattern("[0-9a-f]{64}"))
                .body("loadedAt", notNullValue())
                .body("directory", notNullValue())
                .body("files.path", hasItem("pitfalls/preprocessing-mismatch.drl"))
                .body("files.sha256", everyItem(matchesPattern("[0-9a-f]{64}")))
                .body("files.find { it.path == 'pitfalls/preprocessing-mismatch.drl' }.rules", greaterThan(0))
                .body("rules.id", hasItem("preprocessing-mismatch/normalization-mean-differs"))
                .body("rules.find { it.id == 'preprocessing-mismatch/normalization-mean-differs' }.file",
                        equalTo("pitfalls/preprocessing-mismatch.drl"))
                .body("rules.find { it.id == 'preprocessing-mismatch/normalization-mean-differs' }.line", greaterThan(0))
                .body("rules.find { it.id == 'preprocessing-mismatch/normalization-mean-differs' }.metadata.severity",
                        equalTo("HIGH"))
                .body("rules.firedCount", everyItem(notNullValue()))
                .body("lastReload.outcome", notNullValue());
    }

    @Test
    void countsFiringsPerRule() {
        int before = asAuthor().when().get("/api/rules").then().extract()
                .path("rules.find { it.id == 'preprocessing-mismatch/normalization-mean-differs' }.firedCount");
        asClient().contentType("application/json").body(dev.transferadvisor.advice.DiagnosisResourceTestCases.exampleCase())
                .when().post("/api/diagnoses").then().statusCode(201);
        asAuthor().when().get("/api/rules").then()
                .body("rules.find { it.id == 'preprocessing-mismatch/normalization-mean-differs' }.firedCount",
                        equalTo(before + 1));
    }

    @Test
    void reloadOfUnchangedFilesKeepsTheVersion() {
        String version = asAuthor().when().get("/api/rules").then().extract().path("version");
        asAuthor().when().post("/api/rules/reload")
                .then().statusCode(200)
                .body("version", equalTo(version))
                .body("lastReload.outcome", equalTo("UNCHANGED"))
                .body("lastReload.trigger", notNullValue());
    }

    @Test
    void readinessIsUpWithTheRulesetVersion() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'rules' }.data.version", matchesPattern("[0-9a-f]{64}"))
                .body("checks.find { it.name == 'rules' }.data.residentFirings", org.hamcrest.Matchers.greaterThan(0))
                .body("checks.find { it.name == 'rules' }.data.sessionsIdle", org.hamcrest.Matchers.greaterThan(0))
                .body("checks.find { it.name == 'rules' }.data.sessionsDiscarded", equalTo(0));
    }

    @Test
    void openApiDocumentDescribesTheContract() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/api/diagnoses'.post", notNullValue())
                .body("paths.'/api/rules'.get", notNullValue())
                .body("components.schemas.TransferCase.properties.target", notNullValue())
                .body("components.schemas.Diagnosis.properties.trace", notNullValue());
    }
}
