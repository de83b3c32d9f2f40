package dev.transferadvisor.ruleset;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyString;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** What authors see of production use: fire counts in GET /api/rules and Prometheus series at /q/metrics. */
@QuarkusTest
class RuleMetricsTest {

    static final String RULE = "preprocessing-mismatch/normalization-mean-differs";

    // The test profile's users once roles guard the API (API.md §5); ignored where no security is installed.
    static io.restassured.specification.RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, user);
    }

    @Test
    void aDiagnosisCountsItsFiredRulesInTheStatusAndTheMetrics() throws Exception {
        long before = as("author").when().get("/api/rules").then().statusCode(200)
                .extract().jsonPath().getLong("rules.find { it.id == '" + RULE + "' }.firedCount");
        double metricBefore = fired(RULE);

        as("client").contentType("application/json").body(Files.readAllBytes(Path.of("src/test/resources/cases/api-example.json")))
                .when().post("/api/diagnoses").then().statusCode(201);

        as("author").when().get("/api/rules").then().statusCode(200)
                .body("rules.find { it.id == '" + RULE + "' }.firedCount", org.hamcrest.Matchers.equalTo((int) before + 1))
                .body("rules.find { it.id == '" + RULE + "' }.file", org.hamcrest.Matchers.equalTo("pitfalls/preprocessing-mismatch.drl"))
                .body("rules.find { it.id == '" + RULE + "' }.line", greaterThan(0))
                .body("rules.file", org.hamcrest.Matchers.everyItem(not(emptyString())))
                .body("rules.line", org.hamcrest.Matchers.everyItem(greaterThan(0)));
        assertThat(fired(RULE)).isEqualTo(metricBefore + 1);
    }

    @Test
    void everyRuleHasASeriesFromZeroAndReloadsAreCountedByOutcome() {
        String metrics = metrics();
        int rules = as("author").when().get("/api/rules").then().extract().jsonPath().getList("rules").size();
        assertThat(Pattern.compile("(?m)^advisor_rule_fired_total\\{rule=\"[^\"]+\"} ").matcher(metrics).results().count())
                .as("one series per rule").isEqualTo(rules);
        double unchanged = value(metrics, "advisor_rules_reloads_total\\{outcome=\"UNCHANGED\"}");
        assertThat(value(metrics, "advisor_rules_reloads_total\\{outcome=\"APPLIED\"}")).isGreaterThanOrEqualTo(1);

        as("author").when().post("/api/rules/reload").then().statusCode(200);

        assertThat(value(metrics(), "advisor_rules_reloads_total\\{outcome=\"UNCHANGED\"}")).isEqualTo(unchanged + 1);
    }

    static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static double fired(String rule) {
        return value(metrics(), "advisor_rule_fired_total\\{rule=\"" + Pattern.quote(rule) + "\"}");
    }

    static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(m.find()).as(series + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
