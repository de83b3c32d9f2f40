package dev.transferadvisor.advice;

import static dev.transferadvisor.system.TestUsers.asAuthor;
import static dev.transferadvisor.system.TestUsers.asClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

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
    void questionsThatWouldQueueTooManyCompilesAreRefusedAs503WithRetryAfterAndTheOthersAnswered() throws Exception {
        List<String> rules = asAuthor().when().get("/api/rules").then().statusCode(200).extract().path("rules.id");
        int asked = 12; // three times the compiles that may queue
        ExecutorService askers = Executors.newFixedThreadPool(asked);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < asked; i++) {
                String rule = rules.get(i); // each question compiles probes of its own
                replies.add(askers.submit(() -> {
                    start.await();
                    return asAuthor().when().get("/api/diagnoses/" + id + "/why-not/" + rule);
                }));
            }
            start.countDown();
            int refused = 0;
            for (int i = 0; i < replies.size(); i++) {
                Response response = replies.get(i).get(5, TimeUnit.MINUTES);
                if (response.statusCode() == 503) {
                    refused++;
                    response.then().contentType("application/problem+json")
                            .header("Retry-After", "5")
                            .body("type", endsWith("/why-not-busy"))
                            .body("detail", containsString("ask again in a few seconds"));
                } else {
                    response.then().statusCode(200).body("report.rule", equalTo(rules.get(i)));
                }
            }
            assertThat(refused).as("refused while four compiles were queued").isPositive().isLessThanOrEqualTo(asked - 4);
        } finally {
            askers.shutdownNow();
        }
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
