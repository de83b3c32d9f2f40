package dev.transferadvisor.console;

import static dev.transferadvisor.system.TestUsers.asAuthor;
import static dev.transferadvisor.system.TestUsers.asClient;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The Rules pages over plain HTTP: what an author reads, filters and sorts, and a rule's own page for every role. */
@QuarkusTest
class RulesConsoleTest {

    static final String MEAN_DIFFERS = "preprocessing-mismatch/normalization-mean-differs";

    /** A row of the rules table: its rule id and fired count, in the order shown. */
    record Row(String id, long fired) {
    }

    private static final Pattern ROW = Pattern.compile(
            "<td class=\"rule-id\"><a href=\"([^\"]+)\">([^<]+)</a></td>.*?<td class=\"num\">(\\d+)</td>", Pattern.DOTALL);

    static RequestSpecification as(String user) {
        return given().cookie(ConsoleAccessTest.COOKIE, ConsoleAccessTest.logIn(user));
    }

    static String page(String user, String path) {
        return as(user).get(path).then().statusCode(200).contentType(containsString("text/html")).extract().asString();
    }

    static List<Row> rows(String html) {
        List<Row> rows = new ArrayList<>();
        // the table marks where long ids, paths and codes may break; the rows are read without the marks
        Matcher row = ROW.matcher(html.replace("<wbr>", ""));
        while (row.find()) {
            assertThat(row.group(1)).as("a row links to its rule's page").isEqualTo("/console/rules/" + row.group(2));
            rows.add(new Row(row.group(2), Long.parseLong(row.group(3))));
        }
        return rows;
    }

    static List<String> ids(String html) {
        return rows(html).stream().map(Row::id).toList();
    }

    /** The shipped rules as the API lists them: id and metadata. */
    static List<Map<String, Object>> apiRules() {
        return asAuthor().get("/api/rules").then().statusCode(200).extract().path("rules");
    }

    @SuppressWarnings("unchecked")
    static List<String> idsWhere(String key, String value) {
        return apiRules().stream().filter(rule -> value.equals(((Map<String, Object>) rule.get("metadata")).get(key)))
                .map(rule -> (String) rule.get("id")).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAuthorSeesTheServingVersionItsFilesEveryRuleAndTheLastReload() {
        Map<String, Object> api = asAuthor().get("/api/rules").then().statusCode(200).extract().path("");
        String html = page("author", "/console/rules");

        assertThat(html).contains("<code class=\"hash\" id=\"version\">" + api.get("version") + "</code>");
        assertThat(ids(html)).as("every rule, in the ruleset's order (file, then line)")
                .containsExactlyElementsOf(apiRules().stream().map(rule -> (String) rule.get("id")).toList());
        String file = "pitfalls/preprocessing-mismatch.drl";
        String sha = asAuthor().get("/api/rules").then().extract().path("files.find { it.path == '" + file + "' }.sha256");
        assertThat(html).contains("<code>" + file + "</code>").contains(sha);
        int line = asAuthor().get("/api/rules").then().extract().path("rules.find { it.id == '" + MEAN_DIFFERS + "' }.line");
        assertThat(html.replace("<wbr>", "")).contains("<code>" + file + ":" + line + "</code>")
                .contains("The plan normalises with a different per-channel mean than the source model expects")
                .contains("torchvision/timm ImageNet constants")
                .contains("<span class=\"badge HIGH\">HIGH</span>");
        Map<String, Object> last = (Map<String, Object>) api.get("lastReload");
        assertThat(html).contains("<strong>" + last.get("outcome") + "</strong>").contains("<code>" + last.get("trigger") + "</code>");
        assertThat(html).contains("<form method=\"post\" action=\"/console/rules/reload\">");
    }

    @Test
    void everyInputHasALabel() {
        String html = page("author", "/console/rules");
        for (String input : List.of("q", "severity", "code")) {
            assertThat(html).contains("<label for=\"" + input + "\">").contains("id=\"" + input + "\"");
        }
    }

    @Nested
    class Filtering {

        @Test
        void textMatchesIdDescriptionCodeAndFile() {
            List<String> shown = ids(page("author", "/console/rules?q=Normalization"));
            assertThat(shown).contains(MEAN_DIFFERS, "preprocessing-mismatch/normalization-std-differs")
                    .hasSizeLessThan(apiRules().size());
            // by file: every rule written in one file, and only those
            assertThat(ids(page("author", "/console/rules?q=zero-shot.drl")))
                    .containsExactlyInAnyOrderElementsOf(apiRules().stream().filter(rule -> rule.get("file").equals("strategy/zero-shot.drl"))
                            .map(rule -> (String) rule.get("id")).toList());
        }

        @Test
        void severityAndCodeSelectExactlyTheirRules() {
            assertThat(ids(page("author", "/console/rules?severity=CRITICAL")))
                    .isNotEmpty().containsExactlyInAnyOrderElementsOf(idsWhere("severity", "CRITICAL"));
            String html = page("author", "/console/rules?code=ZERO_SHOT&severity=");
            assertThat(ids(html)).isNotEmpty().containsExactlyInAnyOrderElementsOf(idsWhere("code", "ZERO_SHOT"));
            assertThat(html).as("the select keeps the choice").contains("<option value=\"ZERO_SHOT\" selected>");
        }

        @Test
        void aFilterThatMatchesNothingSaysSo() {
            String html = page("author", "/console/rules?q=no-rule-is-called-this");
            assertThat(ids(html)).isEmpty();
            assertThat(html).contains("No rule matches.").contains("0 of " + apiRules().size());
        }
    }

    @Nested
    class Sorting {

        @Test
        void byIdEitherWay() {
            List<String> ascending = ids(page("author", "/console/rules?sort=id&dir=asc"));
            assertThat(ascending).hasSize(apiRules().size()).isSorted();
            List<String> descending = ids(page("author", "/console/rules?sort=id&dir=desc"));
            assertThat(descending).isSortedAccordingTo(Comparator.reverseOrder());
        }

        @Test
        void bySeverityAndByFiredTheLargestComeFirst() {
            List<String> severe = ids(page("author", "/console/rules?sort=severity"));
            List<String> critical = idsWhere("severity", "CRITICAL");
            assertThat(severe.subList(0, critical.size())).containsExactlyInAnyOrderElementsOf(critical);

            asClient().contentType(ContentType.JSON).body(apiExample()).post("/api/diagnoses").then().statusCode(201);
            List<Row> fired = rows(page("author", "/console/rules?sort=fired"));
            assertThat(fired.get(0).fired()).isPositive();
            assertThat(fired).extracting(Row::fired).isSortedAccordingTo(Comparator.reverseOrder());
        }

        @Test
        void theHeadersLinksKeepTheFiltersAndTurnTheSortedColumnRound() {
            String html = page("author", "/console/rules?q=normalization&severity=HIGH&sort=id&dir=asc");
            assertThat(html).contains("aria-sort=\"ascending\"><a href=\"/console/rules?q=normalization&amp;severity=HIGH&amp;sort=id&amp;dir=desc\">Rule</a>")
                    .contains("<a href=\"/console/rules?q=normalization&amp;severity=HIGH&amp;sort=code&amp;dir=asc\">Code</a>")
                    .as("the busiest rules first")
                    .contains("<a href=\"/console/rules?q=normalization&amp;severity=HIGH&amp;sort=fired&amp;dir=desc\">Fired</a>");
        }
    }

    @Nested
    class OneRule {

        @Test
        void itsPageShowsItsMetadataAndSourceToEveryRole() {
            for (String user : List.of("client", "author", "auditor")) {
                String html = page(user, "/console/rules/" + MEAN_DIFFERS);
                assertThat(html).as(user).contains("<code id=\"rule-id\">" + MEAN_DIFFERS + "</code>")
                        .contains("rule &quot;normalization mean differs&quot;")
                        .contains("@id(&quot;" + MEAN_DIFFERS + "&quot;)")
                        .contains("PreprocessingDifference(field == &quot;mean&quot;");
            }
        }

        @Test
        void theRulesTextEndsAtItsEnd() throws IOException {
            String html = page("author", "/console/rules/" + MEAN_DIFFERS);
            String source = html.substring(html.indexOf("id=\"rule-source\""), html.indexOf("</pre>", html.indexOf("id=\"rule-source\"")));
            assertThat(source).contains("insertLogical(Finding.of(&quot;PREPROCESSING_MISMATCH&quot;")
                    .doesNotContain("normalization std differs");
            long lines = Files.readAllLines(Path.of("rules/pitfalls/preprocessing-mismatch.drl")).size();
            assertThat(html).as("and the whole file is there too").contains("<span class=\"ln\">" + lines + "</span>");
        }

        @Test
        void authorsAndAuditorsSeeTheLatestDiagnosesInWhichItFiredClientsDoNot() {
            String diagnosis = asClient().contentType(ContentType.JSON).body(apiExample()).post("/api/diagnoses")
                    .then().statusCode(201).body("trace.rule", hasItem(MEAN_DIFFERS)).extract().path("id");

            for (String user : List.of("author", "auditor")) {
                assertThat(page(user, "/console/rules/" + MEAN_DIFFERS)).as(user)
                        .contains("href=\"/console/audit/records/" + diagnosis + "\"");
            }
            assertThat(page("client", "/console/rules/" + MEAN_DIFFERS))
                    .doesNotContain("Latest diagnoses").doesNotContain(diagnosis);
        }

        @Test
        void eachLinkOfTheTableLeadsToItsRulesPage() {
            for (Row row : rows(page("author", "/console/rules?q=preprocessing-mismatch"))) {
                assertThat(page("author", "/console/rules/" + row.id())).contains("<code id=\"rule-id\">" + row.id() + "</code>");
            }
        }
    }

    @Nested
    class Refused {

        @Test
        void aClientIsSentHomeWithTheForbiddenPageNamed() {
            Map<String, Function<RequestSpecification, Response>> requests = Map.of(
                    "/console/rules", spec -> spec.get("/console/rules"),
                    "/console/rules/reload", spec -> spec.post("/console/rules/reload"));
            requests.forEach((path, request) -> {
                Response response = request.apply(as("client").redirects().follow(false));
                assertThat(response.statusCode()).as(path).isEqualTo(303);
                // system/ProblemMappers encodes the query value (%2Fconsole%2Frules); the home page reads it decoded
                URI home = URI.create(response.header("Location"));
                assertThat(home.getPath()).isEqualTo("/console");
                assertThat(URLDecoder.decode(home.getRawQuery(), StandardCharsets.UTF_8)).isEqualTo("forbidden=" + path);
            });
        }

        @Test
        void anUnknownRuleIsA404PageNotAStackTrace() {
            as("author").get("/console/rules/no-such/rule").then().statusCode(404).contentType(containsString("text/html"))
                    .body(containsString("<code>no-such/rule</code>")).body(not(containsString("Exception")));
            // an id with characters a path must encode comes back decoded, as the links encode it
            as("client").urlEncodingEnabled(false).get("/console/rules/" + RulesTable.path("no such/rülé")).then().statusCode(404)
                    .body(containsString("<code>no such/rülé</code>"));
        }

        @Test
        void anonymousVisitorsAreSentToLogIn() {
            given().redirects().follow(false).get("/console/rules/" + MEAN_DIFFERS)
                    .then().statusCode(303).header("Location", endsWith("/console/login"));
        }
    }

    @Test
    void reloadNowReloadsAndComesBackWithItsOutcome() {
        String cookie = ConsoleAccessTest.logIn("author");
        given().cookie(ConsoleAccessTest.COOKIE, cookie).redirects().follow(false).post("/console/rules/reload")
                .then().statusCode(303).header("Location", endsWith("/console/rules?reloaded=unchanged"));
        given().cookie(ConsoleAccessTest.COOKIE, cookie).get("/console/rules?reloaded=unchanged").then().statusCode(200)
                .body(containsString("Reloaded: nothing changed"))
                .body(containsString("<strong>UNCHANGED</strong>"))
                .body(containsString("<code>console:author</code>"));
    }

    static String apiExample() {
        try {
            return Files.readString(Path.of("src/test/resources/cases/api-example.json"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
