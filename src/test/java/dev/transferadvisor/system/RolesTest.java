package dev.transferadvisor.system;

import static dev.transferadvisor.system.TestUsers.as;
import static dev.transferadvisor.system.TestUsers.asClient;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** API.md §5: every endpoint × no credentials (401), a user without the role (403), one with it (2xx). */
@QuarkusTest
class RolesTest {

    /** The %test user holding each role; any other user lacks it. */
    private static final Map<String, String> USER_WITH_ROLE = Map.of("diagnose", "client", "author", "author",
            "auditor", "auditor");

    private record Endpoint(String method, Supplier<String> path, String role, boolean withCase) {
        @Override
        public String toString() {
            return method + " " + path.get();
        }
    }

    private static String diagnosisId;
    private static String rulesetVersion;

    private static synchronized String diagnosis() {
        if (diagnosisId == null) {
            var created = asClient().contentType(ContentType.JSON).body(exampleCase()).when().post("/api/diagnoses")
                    .then().statusCode(201).extract();
            diagnosisId = created.path("id");
            rulesetVersion = created.path("rulesetVersion");
        }
        return diagnosisId;
    }

    private static String version() {
        diagnosis();
        return rulesetVersion;
    }

    static String exampleCase() {
        try (InputStream in = RolesTest.class.getResourceAsStream("/cases/api-example.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", () -> "/api/diagnoses", "diagnose", true),
            new Endpoint("GET", () -> "/api/diagnoses/" + diagnosis(), "diagnose", false),
            new Endpoint("GET", () -> "/api/rules", "author", false),
            new Endpoint("POST", () -> "/api/rules/reload", "author", false),
            new Endpoint("GET", () -> "/api/audit", "auditor", false),
            new Endpoint("GET", () -> "/api/audit/" + diagnosis(), "auditor", false),
            new Endpoint("GET", () -> "/api/audit/verify", "auditor", false),
            new Endpoint("GET", () -> "/api/audit/export", "auditor", false),
            new Endpoint("GET", () -> "/api/rulesets", "auditor", false),
            new Endpoint("GET", () -> "/api/rulesets/reloads", "auditor", false),
            new Endpoint("GET", () -> "/api/rulesets/" + version(), "auditor", false));

    private static io.restassured.response.ValidatableResponse call(RequestSpecification request, Endpoint endpoint) {
        if (endpoint.withCase()) {
            request = request.contentType(ContentType.JSON).body(exampleCase());
        }
        return request.when().request(endpoint.method(), endpoint.path().get()).then();
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointByCredentials() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            tests.add(DynamicTest.dynamicTest(endpoint + " without credentials is 401", () -> call(given(), endpoint)
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", startsWith("Basic"))
                    .body("status", equalTo(401))));
            tests.add(DynamicTest.dynamicTest(endpoint + " with a wrong password is 401", () -> call(
                    given().auth().preemptive().basic(USER_WITH_ROLE.get(endpoint.role()), "wrong"), endpoint)
                    .statusCode(401)
                    .contentType("application/problem+json")));
            for (Map.Entry<String, String> other : USER_WITH_ROLE.entrySet()) {
                if (!other.getKey().equals(endpoint.role())) {
                    tests.add(DynamicTest.dynamicTest(endpoint + " as " + other.getValue() + " (" + other.getKey()
                            + ") is 403", () -> call(as(other.getValue()), endpoint)
                            .statusCode(403)
                            .contentType("application/problem+json")
                            .body("status", equalTo(403))));
                }
            }
            tests.add(DynamicTest.dynamicTest(endpoint + " as " + USER_WITH_ROLE.get(endpoint.role()) + " ("
                    + endpoint.role() + ") succeeds", () -> call(as(USER_WITH_ROLE.get(endpoint.role())), endpoint)
                    .statusCode(lessThan(300))));
        }
        return tests.stream();
    }

    @Test
    void onlyTheDevAndTestProfilesShipUsers() throws IOException {
        java.util.Properties properties = new java.util.Properties();
        try (InputStream in = RolesTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        List<String> users = properties.stringPropertyNames().stream()
                .filter(key -> key.contains("quarkus.security.users.embedded.users.")).toList();
        org.assertj.core.api.Assertions.assertThat(users).isNotEmpty()
                .allSatisfy(key -> org.assertj.core.api.Assertions.assertThat(key).matches("%(dev|test)\\..*"));
    }

    @Test
    void healthAndOpenApiAreOpen() {
        given().when().get("/q/health").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200).body("checks.name",
                org.hamcrest.Matchers.hasItem("audit-trail"));
        given().when().get("/q/openapi").then().statusCode(200);
    }
}
