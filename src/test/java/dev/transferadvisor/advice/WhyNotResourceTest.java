package dev.transferadvisor.advice;

import static dev.transferadvisor.system.TestUsers.asAuthor;
import static dev.transferadvisor.system.TestUsers.asClient;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code GET /api/diagnoses/{id}/why-not/{ruleId}}: an author asks why a rule did not fire on a recorded case. */
@QuarkusTest
class WhyNotResourceTest {

    String id;

    @BeforeEach
    void diagnoseTheApiExample() {
        id = asClient().contentType(ContentType.JSON).body(DiagnosisResourceTestCases.exampleCase())
                .when().post("/api/diagnoses").then().statusCode(201).extract().path("id");
    }

    @Test
    void namesTheConditionThatBlockedTheRuleAndWhatTheCaseOffered() {
        asAuthor().when().get("/api/diagnoses/" + id + "/why-not/catastrophic-forgetting/signal-source-skills-to-keep-while-every-layer-trains")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("diagnosis", equalTo(id))
                .body("report.rule", equalTo("catastrophic-forgetting/signal-source-skills-to-keep-while-every-layer-trains"))
                .body("report.fired", equalTo(false))
                .body("report.blockedAt.index", equalTo(2))
                .body("report.blockedAt.kind", equalTo("pattern"))
                .body("report.blockedAt.text", equalTo("Plan(retainSourceSkills == true)"))
                .body("report.blockedAt.file", equalTo("pitfalls/catastrophic-forgetting.drl"))
                .body("report.matchedBefore", hasItem(startsWith("FineTuning{scope=FULL")))
                .body("report.offered[0]", containsString("retainSourceSkills=false"));
    }

    @Test
    void aRuleThatFiredIsSaidToHaveFired() {
        asAuthor().when().get("/api/diagnoses/" + id + "/why-not/catastrophic-forgetting/source-score-dropped-sharply-after-fine-tuning")
                .then().statusCode(200)
                .body("report.fired", equalTo(true))
                .body("report.blockedAt", nullValue());
    }

    @Test
    void unknownRulesAndDiagnosesAre404AndOnlyAuthorsMayAsk() {
        asAuthor().when().get("/api/diagnoses/" + id + "/why-not/no-such/rule")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("no rule with the id no-such/rule"));
        asAuthor().when().get("/api/diagnoses/00000000-0000-7000-8000-000000000000/why-not/catastrophic-forgetting/forgetting-likely")
                .then().statusCode(404).contentType("application/problem+json");
        asClient().when().get("/api/diagnoses/" + id + "/why-not/catastrophic-forgetting/forgetting-likely")
                .then().statusCode(403);
    }
}
