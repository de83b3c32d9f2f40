package dev.transferadvisor.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Who gets into the console and how, over plain HTTP: the form login against the API's users, its cookie, and the
 * line between the console's session and the API's Basic credentials.
 */
@QuarkusTest
class ConsoleAccessTest {

    static final String COOKIE = "transfer-advisor-console";

    /** Logs in through the form as a test user (password = name) and returns the session cookie. */
    static String logIn(String user) {
        Response response = given().redirects().follow(false)
                .formParam("j_username", user).formParam("j_password", user)
                .post("/console/j_security_check");
        assertThat(response.statusCode()).as("login of " + user).isEqualTo(302);
        assertThat(response.header("Location")).endsWith("/console");
        String cookie = response.cookie(COOKIE);
        assertThat(cookie).as("session cookie").isNotBlank();
        return cookie;
    }

    @Test
    void anonymousVisitorsAreSentToTheLoginForm() {
        given().redirects().follow(false).get("/console")
                .then().statusCode(303).header("Location", endsWith("/console/login"));
        given().get("/console/login")
                .then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("action=\"/console/j_security_check\""))
                .body(containsString("<label for=\"j_username\">"));
    }

    @Test
    void theSessionCookieIsHttpOnlyAndStrictlySameSite() {
        String header = given().redirects().follow(false)
                .formParam("j_username", "client").formParam("j_password", "client")
                .post("/console/j_security_check").header("Set-Cookie");
        assertThat(header).startsWith(COOKIE + "=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
    }

    @Test
    void eachRoleIsOfferedOnlyWhatItMayUse() {
        given().cookie(COOKIE, logIn("client")).get("/console").then().statusCode(200)
                .body(containsString("href=\"/console/diagnose\""))
                .body(not(containsString("href=\"/console/rules\""))).body(not(containsString("href=\"/console/audit\"")));
        given().cookie(COOKIE, logIn("author")).get("/console").then().statusCode(200)
                .body(containsString("href=\"/console/rules\""))
                .body(not(containsString("href=\"/console/diagnose\""))).body(not(containsString("href=\"/console/audit\"")));
        given().cookie(COOKIE, logIn("auditor")).get("/console").then().statusCode(200)
                .body(containsString("href=\"/console/audit\"")).body(containsString("href=\"/console/rulesets\""))
                .body(not(containsString("href=\"/console/diagnose\""))).body(not(containsString("href=\"/console/rules\"")));
    }

    @Test
    void afterLoginTheBrowserReturnsToThePageFirstAskedFor() {
        Response first = given().redirects().follow(false).get("/console?from=bookmark");
        String back = first.cookie("quarkus-redirect-location");
        assertThat(back).endsWith("/console?from=bookmark");
        given().redirects().follow(false).cookie("quarkus-redirect-location", back)
                .formParam("j_username", "client").formParam("j_password", "client")
                .post("/console/j_security_check")
                .then().statusCode(302).header("Location", endsWith("/console?from=bookmark"));
    }

    @Test
    void loggingOutForgetsTheSession() {
        Response out = given().redirects().follow(false).cookie(COOKIE, logIn("client")).post("/console/logout");
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.header("Location")).endsWith("/console/login?loggedOut=true");
        assertThat(out.header("Set-Cookie")).startsWith(COOKIE + "=;").contains("Max-Age=0");
        given().get("/console/login?loggedOut=true").then().body(containsString("You are logged out."));
    }

    @Test
    void theStylesheetIsServedByTheConsoleItself() {
        given().get("/console/console.css").then().statusCode(200).contentType(containsString("text/css"))
                .body(containsString("@media"));
    }

    @Test
    void anUnknownConsolePageIsAPageToo() {
        given().get("/console/no-such-page").then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("The console has no page /console/no-such-page."));
        given().cookie(COOKIE, logIn("author")).get("/console/no/such/page").then().statusCode(404)
                .body(containsString("href=\"/console/rules\""));
    }

    @Nested
    class Refused {

        @Test
        void aWrongPasswordLandsOnTheLoginFormWithAnError() {
            given().redirects().follow(false).formParam("j_username", "client").formParam("j_password", "wrong")
                    .post("/console/j_security_check")
                    .then().statusCode(anyOf(is(302), is(303))).header("Location", endsWith("/console/login-failed"));
            given().get("/console/login-failed").then().statusCode(401)
                    .body(containsString("Wrong user name or password."));
        }

        @Test
        void theConsoleCookieIsNoCredentialForTheApi() {
            given().cookie(COOKIE, logIn("auditor")).get("/api/audit")
                    .then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("Basic"));
        }

        @Test
        void basicCredentialsDoNotOpenTheConsole() {
            given().redirects().follow(false).auth().preemptive().basic("auditor", "auditor").get("/console")
                    .then().statusCode(303).header("Location", endsWith("/console/login"));
        }

        @Test
        void aFormPostedFromAnotherSiteIsRefusedBeforeItActs() {
            String author = logIn("author");
            given().redirects().follow(false).cookie(COOKIE, author).header("Origin", "https://evil.example")
                    .post("/console/rules/reload").then().statusCode(403);
            given().redirects().follow(false).header("Origin", "https://evil.example")
                    .formParam("j_username", "client").formParam("j_password", "client")
                    .post("/console/j_security_check").then().statusCode(403).header("Set-Cookie", nullValue());
            given().header("Origin", "https://evil.example").auth().preemptive().basic("client", "client")
                    .contentType("application/json").body("{}").post("/api/diagnoses")
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("type", endsWith("/cross-site-request"));
            given().redirects().follow(false).cookie(COOKIE, author).header("Referer", "https://evil.example/page")
                    .post("/console/logout").then().statusCode(403).body(containsString("sent from another site"));
            // the console's own pages post with their own origin, as a browser sends it
            String self = "http://localhost:" + io.restassured.RestAssured.port;
            given().redirects().follow(false).cookie(COOKIE, author).header("Origin", self)
                    .post("/console/rules/reload").then().statusCode(303);
        }

        @Test
        void aForgedCookieIsNoSession() {
            given().redirects().follow(false).cookie(COOKIE, "bm90IGEgc2Vzc2lvbg==").get("/console")
                    .then().statusCode(303).header("Location", endsWith("/console/login"));
        }
    }
}
