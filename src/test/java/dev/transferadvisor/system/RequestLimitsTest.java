package dev.transferadvisor.system;

import static dev.transferadvisor.system.TestUsers.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RequestLimitsTest {

    @Test
    void anOverLongUriIsAProblemNamingTheLimit() {
        as("auditor").queryParam("reference", "r".repeat(9_000)).when().get("/api/audit").then()
                .statusCode(414).contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(414)).body("detail", containsString("the limit is 8192"));
    }

    @Test
    void aUriWithinTheLimitIsAnsweredByItsOperation() {
        as("auditor").queryParam("reference", "r".repeat(7_000)).when().get("/api/audit").then()
                .statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void overLargeHeadersAreAProblemNamingTheLimit() {
        as("auditor").header("X-Padding", "p".repeat(20_000)).when().get("/api/audit").then()
                .statusCode(431).contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(431)).body("detail", containsString("the limit is 16384"));
    }
}
