package dev.transferadvisor.advice;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Where a diagnosis's CPU goes, as an operator reads it at /q/metrics: each answered diagnosis adds the request
 * thread's CPU time of each step, and the evaluation's part of the case step; a rejected case adds to none.
 */
@QuarkusTest
class DiagnosisCpuMetricsTest {

    private static final String[] STEPS = { "case", "answer", "record" };

    @Test
    void anAnsweredDiagnosisAddsTheCpuOfEachStepAndARejectedOneNothing() throws Exception {
        String before = metrics();

        given().auth().preemptive().basic("client", "client").contentType("application/json")
                .body(Files.readAllBytes(Path.of("src/test/resources/cases/api-example.json")))
                .when().post("/api/diagnoses").then().statusCode(201);
        String after = metrics();

        assertThat(value(after, "advisor_diagnoses_answered_total")).isEqualTo(value(before, "advisor_diagnoses_answered_total") + 1);
        for (String step : STEPS) {
            assertThat(value(after, cpu(step))).as(step).isGreaterThan(value(before, cpu(step)));
        }
        double evaluation = value(after, "advisor_rules_evaluation_cpu_seconds_total") - value(before, "advisor_rules_evaluation_cpu_seconds_total");
        assertThat(evaluation).as("the evaluation took CPU").isPositive();
        assertThat(evaluation).as("the evaluation is a part of the case step")
                .isLessThanOrEqualTo(value(after, cpu("case")) - value(before, cpu("case")));

        given().auth().preemptive().basic("client", "client").contentType("application/json").body("{\"source\": 1}")
                .when().post("/api/diagnoses").then().statusCode(400);
        String rejected = metrics();
        assertThat(value(rejected, "advisor_diagnoses_answered_total")).isEqualTo(value(after, "advisor_diagnoses_answered_total"));
        for (String step : STEPS) {
            assertThat(value(rejected, cpu(step))).as(step).isEqualTo(value(after, cpu(step)));
        }
    }

    private static String cpu(String step) {
        return "advisor_diagnosis_cpu_seconds_total\\{step=\"" + step + "\"}";
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(m.find()).as(series + " in /q/metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
