package dev.transferadvisor.console;

import static dev.transferadvisor.system.TestUsers.asAuditor;
import static dev.transferadvisor.system.TestUsers.asAuthor;
import static dev.transferadvisor.system.TestUsers.asClient;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.transferadvisor.ruleset.TempRulesProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The audit pages and the ruleset history over plain HTTP, as an auditor's browser would ask for them: a diagnosis
 * made through the API is listed, found by its filters, opened with its request, answer and rule sources, verified
 * and downloaded; two versions of the rules (a rule file of a private copy edited while the service runs) are compared.
 */
@QuarkusTest
@TestProfile(TempRulesProfile.class)
class AuditConsoleTest {

    static final String REFERENCE = "team-a/xray-run-17";
    static final Duration RELOAD = Duration.ofSeconds(60);

    /** The API example's case, with {@code reference} as its client reference. */
    static String xrayCase(String reference) {
        try {
            String json = Files.readString(Path.of("src/main/resources/warm-up/xray-api-example.json"), StandardCharsets.UTF_8);
            return json.replace("\"" + REFERENCE + "\"", "\"" + reference + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A diagnosis through the API, and its audit record as the API shows it. */
    record Recorded(String id, String rule, String code, String file, int line, String hash, String reference) {
    }

    static Recorded diagnose(String reference) {
        String id = asClient().contentType(ContentType.JSON).body(xrayCase(reference)).when().post("/api/diagnoses")
                .then().statusCode(201).extract().path("id");
        Response record = asAuditor().when().get("/api/audit/" + id).then().statusCode(200).extract().response();
        return new Recorded(id, record.path("firedRules[0].id"), record.path("diagnosis.findings[0].code"),
                record.path("firedRules[0].file"), record.path("firedRules[0].line"), record.path("hash"), reference);
    }

    /** A request with an auditor's console session; redirects are the test's to see. */
    static RequestSpecification auditor() {
        return as("auditor");
    }

    static RequestSpecification as(String user) {
        return given().redirects().follow(false).cookie(ConsoleAccessTest.COOKIE, ConsoleAccessTest.logIn(user));
    }

    /** Text as the pages write it, HTML-escaped. */
    static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    static String link(String id) {
        return "href=\"/console/audit/records/" + id + "\"";
    }

    static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    /** The version serving now (the API, as an author sees it). */
    static String serving() {
        return asAuthor().when().get("/api/rules").then().statusCode(200).extract().path("version");
    }

    /** Waits until the ruleset history has stored {@code version} (the audit writer stores it after the reload). */
    static void awaitStored(String version) {
        await().atMost(RELOAD).untilAsserted(() -> assertThat(asAuditor().when().get("/api/rulesets").then().statusCode(200)
                .extract().<List<String>>path("version")).contains(version));
    }

    /**
     * Appends {@code mark} to the first comment line of a rule file of the service's private rules copy and waits until the
     * version with the edit serves and is stored; returns the line before and after the edit.
     */
    static String[] editFirstComment(String file, String mark) throws IOException {
        Path path = TempRulesProfile.dir().resolve(file);
        String content = Files.readString(path, StandardCharsets.UTF_8);
        Matcher comment = Pattern.compile("(?m)^// .*$").matcher(content);
        assertThat(comment.find()).as("a comment line in " + file).isTrue();
        String before = comment.group();
        String after = before + " " + mark;
        String old = serving();
        Files.writeString(path, content.substring(0, comment.start()) + after + content.substring(comment.end()), StandardCharsets.UTF_8);
        await().atMost(RELOAD).until(() -> !serving().equals(old));
        awaitStored(serving());
        return new String[] {before, after};
    }

    /** Puts the edited line back as it was, and waits until that version serves again. */
    static void restore(String file, String[] lines) throws IOException {
        Path path = TempRulesProfile.dir().resolve(file);
        String content = Files.readString(path, StandardCharsets.UTF_8);
        String old = serving();
        Files.writeString(path, content.replace(lines[1] + "\n", lines[0] + "\n"), StandardCharsets.UTF_8);
        await().atMost(RELOAD).until(() -> !serving().equals(old));
    }

    @Test
    void listsRecordsNewestFirstEachLinkingToItsRecord() {
        Recorded older = diagnose(REFERENCE);
        Recorded newer = diagnose(REFERENCE);
        String page = auditor().when().get("/console/audit").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        assertThat(page).contains(link(older.id()), link(newer.id()));
        assertThat(page.indexOf(link(newer.id()))).as("newest first").isLessThan(page.indexOf(link(older.id())));
        assertThat(page).contains("<label for=\"from\">", "<label for=\"to\">", "<label for=\"rule\">", "<label for=\"code\">",
                "<label for=\"reference\">");
    }

    @Test
    void filtersByRuleByCodeAndByReference() {
        Recorded recorded = diagnose(REFERENCE);
        auditor().queryParam("rule", recorded.rule()).when().get("/console/audit").then().statusCode(200)
                .body(containsString(link(recorded.id()))).body(containsString("value=\"" + html(recorded.rule()) + "\""));
        auditor().queryParam("rule", "no-such/rule").when().get("/console/audit").then().statusCode(200)
                .body(not(containsString(link(recorded.id())))).body(containsString("id=\"no-records\""));
        auditor().queryParam("code", recorded.code()).when().get("/console/audit").then().statusCode(200)
                .body(containsString(link(recorded.id())));
        auditor().queryParam("code", "NO_SUCH_CODE").when().get("/console/audit").then().statusCode(200)
                .body(not(containsString(link(recorded.id()))));
        auditor().queryParam("reference", REFERENCE).queryParam("from", "2000-01-01T00:00").when().get("/console/audit")
                .then().statusCode(200).body(containsString(link(recorded.id())));
        auditor().queryParam("to", "2000-01-01T00:00").when().get("/console/audit").then().statusCode(200)
                .body(not(containsString(link(recorded.id()))));
    }

    @Test
    void pagesOlderRecordsTwentyFiveAtATimeKeepingTheFilters() {
        String reference = "paging-" + UUID.randomUUID();
        for (int i = 0; i < AuditConsole.PAGE_SIZE + 2; i++) {
            diagnose(reference);
        }
        String first = auditor().queryParam("reference", reference).when().get("/console/audit").then().statusCode(200)
                .extract().asString();
        assertThat(count(first, "class=\"record-link\"")).isEqualTo(AuditConsole.PAGE_SIZE);
        Matcher older = Pattern.compile("id=\"older\" rel=\"next\" href=\"([^\"]+)\"").matcher(first);
        assertThat(older.find()).as("an Older records link").isTrue();
        String href = older.group(1).replace("&amp;", "&");
        assertThat(href).startsWith("/console/audit?").contains("reference=" + reference).contains("cursor=");

        String second = auditor().when().get(URLDecoder.decode(href, StandardCharsets.UTF_8)).then().statusCode(200)
                .extract().asString();
        assertThat(count(second, "class=\"record-link\"")).isEqualTo(2);
        assertThat(second).doesNotContain("id=\"older\"").contains("id=\"newest\"");
    }

    @Test
    void aRecordShowsTheRequestTheAnswerEachFiredRulesSourceAndItsPlaceInTheChain() {
        Recorded recorded = diagnose(REFERENCE);
        String page = auditor().when().get("/console/audit/records/" + recorded.id()).then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        // the request, indented
        assertThat(page).contains(html("\"reference\" : \"" + REFERENCE + "\""), html("\"labeledExamples\" : 1200"));
        // the answer through the shared fragment, its rules linked to this page's sections
        assertThat(page).contains("id=\"answer\"", "<svg class=\"graph\" id=\"graph\"", "href=\"#rule-" + recorded.rule() + "\"");
        // each fired rule's text as that version had it, where the history stored it
        assertThat(page).contains("<section class=\"rule card\" id=\"rule-" + recorded.rule() + "\">",
                html("@id(\"" + recorded.rule() + "\")"),
                "<code class=\"where\">" + recorded.file() + ":" + recorded.line() + "</code>");
        // its chain
        assertThat(page).contains(recorded.hash(), "href=\"/console/audit/verify\"");
    }

    @Test
    void verifyingShowsTheTrailValidWithEachChain() {
        diagnose(REFERENCE);
        String page = auditor().when().get("/console/audit/verify").then().statusCode(200).extract().asString();
        assertThat(page).contains("<p class=\"ok\" id=\"verdict\"><strong>Valid.</strong>", "id=\"records-checked\"", "id=\"chains\"",
                "<span class=\"badge LOW\">holds</span>");
        long records = asAuditor().when().get("/api/audit/verify").then().statusCode(200).extract().<Number>path("records").longValue();
        assertThat(records).isPositive();
    }

    @Test
    void theDownloadIsTheApisJsonLinesAsAnAttachment() throws IOException {
        Recorded recorded = diagnose(REFERENCE);
        Response export = auditor().queryParam("from", "2000-01-01T00:00").when().get("/console/audit/export")
                .then().statusCode(200).contentType(containsString("application/jsonl"))
                .header("Content-Disposition", containsString("attachment; filename=")).extract().response();
        ObjectMapper mapper = new ObjectMapper();
        JsonNode line = null;
        for (String text : export.asString().split("\n")) {
            JsonNode json = mapper.readTree(text);
            if (json.path("id").asText().equals(recorded.id())) {
                line = json;
            }
        }
        assertThat(line).as("the record's line").isNotNull();
        assertThat(line.path("hash").asText()).isEqualTo(recorded.hash());
        assertThat(line.path("reference").asText()).isEqualTo(REFERENCE);
        assertThat(line.path("request").path("target").path("labeledExamples").asInt()).isEqualTo(1200);
    }

    @Test
    void theRulesetHistoryListsTheServingVersion() {
        String version = serving();
        awaitStored(version);
        auditor().when().get("/console/rulesets").then().statusCode(200)
                .body(containsString("<article class=\"card version serving\" id=\"version-" + version + "\">"))
                .body(containsString("title=\"" + version + "\">" + version.substring(0, 12) + "</code>"));
    }

    @Test
    void aRejectedReloadIsListedWithItsErrorsUnderTheVersionThatKeptServing() throws IOException {
        String version = serving();
        awaitStored(version);
        Path broken = TempRulesProfile.dir().resolve("pitfalls/broken-by-audit-console-test.drl");
        Files.writeString(broken, """
                package pitfalls;

                rule "broken by the audit console test"
                when
                then
                    this is not java;
                end
                """, StandardCharsets.UTF_8);
        try {
            await().atMost(RELOAD).until(() -> "REJECTED".equals(asAuthor().when().get("/api/rules").then().extract().path("lastReload.outcome")));
            assertThat(serving()).isEqualTo(version);
            await().atMost(RELOAD).untilAsserted(() -> {
                String page = auditor().when().get("/console/rulesets").then().statusCode(200).extract().asString();
                int at = page.indexOf("id=\"version-" + version + "\"");
                assertThat(at).isPositive();
                String article = page.substring(at, page.indexOf("</article>", at));
                assertThat(article).contains("<span class=\"outcome-REJECTED\">REJECTED</span>", "this version kept serving",
                        "<code>watcher</code>", "<code>pitfalls/broken-by-audit-console-test.drl:");
            });
        } finally {
            Files.deleteIfExists(broken);
            await().atMost(RELOAD).until(() -> !"REJECTED".equals(asAuthor().when().get("/api/rules").then().extract()
                    .path("lastReload.outcome")));
        }
    }

    @Test
    void theDiffOfTwoVersionsShowsTheChangedLine() throws IOException {
        String file = "pitfalls/negative-transfer.drl";
        String before = serving();
        awaitStored(before);
        String[] lines = editFirstComment(file, "(edited by AuditConsoleTest)");
        try {
            String after = serving();
            // the history offers the two newest versions to compare by default
            auditor().when().get("/console/rulesets").then().statusCode(200)
                    .body(containsString("<label for=\"diff-from\">")).body(containsString("<label for=\"diff-to\">"))
                    .body(containsString("<option value=\"" + after + "\" selected>"))
                    .body(containsString("<option value=\"" + before + "\" selected>"));
            String page = auditor().queryParam("from", before).queryParam("to", after).when().get("/console/rulesets/diff")
                    .then().statusCode(200).extract().asString();
            assertThat(page).contains("<code>" + file + "</code>", "<strong>1</strong> file(s) changed");
            String changed = "<td class=\"new\">" + html(lines[1]) + "</td>";
            assertThat(page).contains(changed, "<td class=\"old\">" + html(lines[0]) + "</td>");
            String row = page.substring(page.lastIndexOf("<tr", page.indexOf(changed)), page.indexOf(changed));
            assertThat(row).startsWith("<tr class=\"chg\">");
            assertThat(page).contains("unchanged lines</td>");
        } finally {
            restore(file, lines);
        }
    }
}
