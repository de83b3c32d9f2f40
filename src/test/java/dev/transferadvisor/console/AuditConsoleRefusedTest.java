package dev.transferadvisor.console;

import static dev.transferadvisor.console.AuditConsoleTest.as;
import static dev.transferadvisor.console.AuditConsoleTest.auditor;
import static dev.transferadvisor.console.AuditConsoleTest.editFirstComment;
import static dev.transferadvisor.console.AuditConsoleTest.html;
import static dev.transferadvisor.console.AuditConsoleTest.restore;
import static dev.transferadvisor.console.AuditConsoleTest.serving;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.transferadvisor.ruleset.TempRulesProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * What the audit pages refuse, and how they say it: bad filter values beside their fields (400, a page, not a JSON
 * problem), unknown records and versions as 404 pages, and other roles sent home told which page needs a role.
 * A class of its own rather than a {@code @Nested} group of AuditConsoleTest: with a test profile, Quarkus 3.33
 * restarted the application for the nested class after another class of the same profile had run, and failed to.
 */
@QuarkusTest
@TestProfile(TempRulesProfile.class)
class AuditConsoleRefusedTest {

    @Test
    void aBadTimeIsSaidBesideItsFieldWith400() {
        auditor().queryParam("from", "yesterday").when().get("/console/audit").then().statusCode(400)
                .contentType(containsString("text/html"))
                .body(containsString("<span class=\"field-error\" id=\"from-error\" role=\"alert\">"
                        + html("“yesterday” " + AuditFilters.TIME_EXPECTED) + "</span>"))
                .body(containsString("value=\"yesterday\""));
        auditor().queryParam("from", "2026-11-28T10:15").queryParam("to", "2026-11-28T10:00").when().get("/console/audit")
                .then().statusCode(400).body(containsString("id=\"to-error\" role=\"alert\">must be later than from</span>"));
        auditor().queryParam("to", "soon").when().get("/console/audit/export").then().statusCode(400)
                .contentType(containsString("text/html")).body(containsString("id=\"to-error\""));
    }

    @Test
    void aCursorTheServiceNeverGaveOutIsSaidOnThePage() {
        auditor().queryParam("cursor", "abc").when().get("/console/audit").then().statusCode(400)
                .contentType(containsString("text/html")).body(containsString("id=\"filter-error\""))
                .body(containsString("cursor is not a cursor this service gave out"));
    }

    @Test
    void aBadOrUnknownAnchorIsSaidBesideItsField() {
        auditor().queryParam("fromAnchor", "first").when().get("/console/audit/verify").then().statusCode(400)
                .contentType(containsString("text/html")).body(containsString("id=\"fromAnchor-error\""));
        auditor().queryParam("fromAnchor", "999999999").when().get("/console/audit/verify").then().statusCode(404)
                .contentType(containsString("text/html")).body(containsString("there is no anchor 999999999"));
    }

    @Test
    void anUnknownRecordOrVersionIsANotFoundPage() {
        auditor().when().get("/console/audit/records/no-such-record").then().statusCode(404)
                .contentType(containsString("text/html")).body(containsString("No audit record has the id no-such-record."));
        String version = serving();
        auditor().queryParam("from", version).queryParam("to", "0".repeat(64)).when().get("/console/rulesets/diff")
                .then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("No ruleset version " + "0".repeat(64) + " was ever applied"));
        auditor().queryParam("from", "0".repeat(64)).queryParam("to", version).when().get("/console/rulesets/diff")
                .then().statusCode(404).body(containsString("No ruleset version " + "0".repeat(64) + " was ever applied"));
    }

    @Test
    void aComparisonWithoutItsNewerVersionIsSaidBesideItsField() throws IOException {
        // the form to compare shows once two versions are stored; this class must not rely on another having made them
        String version = serving();
        String file = "pitfalls/overfitting-risk.drl";
        String[] lines = editFirstComment(file, "(edited by AuditConsoleRefusedTest)");
        try {
            auditor().queryParam("from", version).when().get("/console/rulesets/diff").then().statusCode(400)
                    .contentType(containsString("text/html")).body(containsString("id=\"to-error\""));
        } finally {
            restore(file, lines);
        }
    }

    @Test
    void clientsAndAuthorsAreSentHomeToldWhichPageNeedsARole() {
        for (String user : List.of("client", "author")) {
            for (String page : List.of("/console/audit", "/console/audit/verify", "/console/audit/export", "/console/rulesets")) {
                String location = as(user).when().get(page).then().statusCode(303).extract().header("Location");
                assertThat(URLDecoder.decode(location, StandardCharsets.UTF_8)).as(user + " on " + page)
                        .endsWith("/console?forbidden=" + page);
            }
        }
    }

    @Test
    void anonymousVisitorsAreSentToLogIn() {
        given().redirects().follow(false).when().get("/console/audit/records/x")
                .then().statusCode(303).header("Location", endsWith("/console/login"));
    }
}
