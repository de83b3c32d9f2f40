package dev.transferadvisor.system;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** The %test profile's users, one per role (application.properties, ## Security), for RestAssured. */
public final class TestUsers {

    private TestUsers() {
    }

    /** Role {@code diagnose}: POST/GET diagnoses. */
    public static RequestSpecification asClient() {
        return as("client");
    }

    /** Role {@code author}: the rules. */
    public static RequestSpecification asAuthor() {
        return as("author");
    }

    /** Role {@code auditor}: the audit trail and ruleset history. */
    public static RequestSpecification asAuditor() {
        return as("auditor");
    }

    /** The test users' passwords are their names. */
    public static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, user);
    }
}
