package dev.transferadvisor.console;

import static dev.transferadvisor.system.TestUsers.asAuthor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import dev.transferadvisor.ruleset.TempRulesProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The Rules pages in a real browser, on a private copy of the rules: an author filters and sorts the table, breaks a
 * file and sees the error where it is, fixes it and sees it applied, reloads by hand, and opens a rule.
 */
@QuarkusTest
@TestProfile(TempRulesProfile.class)
class RulesConsoleBrowserTest {

    /** The watcher reloads within a second; a compile on a busy 2-core machine takes longer (HotReloadTest's reasoning). */
    static final Duration RELOAD = Duration.ofSeconds(60);

    static final String FILE = "pitfalls/preprocessing-mismatch.drl";
    static final String MEAN_DIFFERS = "preprocessing-mismatch/normalization-mean-differs";
    static final String CONDITION = "    PreprocessingDifference(field == \"mean\", $e : expected, $u : used, $basis : basis)";

    @TestHTTPResource("/")
    URL base;

    Path file;
    String original;

    @BeforeEach
    void remember() throws IOException {
        file = TempRulesProfile.dir().resolve(FILE);
        original = Files.readString(file);
    }

    /** Puts the file back and reloads at once, so the watcher's own reload finds nothing to do before the service stops. */
    @AfterEach
    void restore() throws IOException {
        Files.writeString(file, original);
        asAuthor().post("/api/rules/reload").then().statusCode(200);
    }

    List<String> shownIds(Browser browser) {
        return browser.all("#rules-table td.rule-id a").stream().map(WebElement::getText).toList();
    }

    /** Opens the Rules page again and again until the last reload has the outcome (the watcher reloads by itself). */
    void awaitLastReload(Browser browser, String outcome) {
        await().atMost(RELOAD).pollInterval(Duration.ofMillis(500)).until(() -> browser.go("/console/rules")
                .find("#last-reload-outcome").getText().startsWith(outcome));
    }

    @Test
    void anAuthorFiltersSortsBreaksAFileSeesTheErrorFixesItReloadsAndOpensARule() throws IOException {
        try (Browser browser = Browser.open(base)) {
            browser.logIn("author");
            browser.submit("header nav a[href='/console/rules']");
            assertThat(browser.path()).isEqualTo("/console/rules");
            int all = shownIds(browser).size();
            assertThat(all).as("every shipped rule").isGreaterThan(100);
            assertThat(shownIds(browser)).contains(MEAN_DIFFERS);
            browser.screenshot("rules");

            browser.find("#q").sendKeys("normalization");
            new Select(browser.find("#severity")).selectByValue("HIGH");
            browser.submit("#filter");
            assertThat(shownIds(browser)).containsExactly(MEAN_DIFFERS, "preprocessing-mismatch/normalization-std-differs");
            assertThat(browser.find("#rules-count").getText()).isEqualTo("2 of " + all);

            browser.submit("#clear");
            browser.submit("#rules-table th a[href*='sort=id']");
            assertThat(shownIds(browser)).hasSize(all).isSorted();
            browser.submit("#rules-table th a[href*='sort=id']");
            assertThat(shownIds(browser)).as("a second click turns the order round").isSortedAccordingTo(Comparator.reverseOrder());

            // a pattern binding with nothing bound: the parser stops at the parenthesis
            assertThat(original).contains(CONDITION);
            int line = List.of(original.split("\n")).indexOf(CONDITION) + 1;
            Files.writeString(file, original.replace(CONDITION, CONDITION.replace("$basis : basis)", "$basis : )")));
            awaitLastReload(browser, "REJECTED");
            WebElement error = browser.find(".rule-error");
            assertThat(error.findElement(By.cssSelector(".where")).getText())
                    .as("file:line:column").isEqualTo(FILE + ":" + line + ":" + (CONDITION.indexOf("basis)") + 1));
            assertThat(error.findElement(By.cssSelector(".source .hit")).getText()).as("the error's line, numbered, marked")
                    .startsWith(String.valueOf(line)).endsWith("$basis : )");
            assertThat(error.findElements(By.cssSelector(".source .l"))).as("three lines either side").hasSize(7);
            browser.screenshot("rules-error");

            // fixed, and different from what served before the mistake: a new version is applied
            Files.writeString(file, original + "\n// checked by RulesConsoleBrowserTest\n");
            awaitLastReload(browser, "APPLIED");
            assertThat(browser.all(".rule-error")).isEmpty();
            // how the version was built: in full after the error, or from the file alone if the watcher met it twice
            assertThat(browser.find("#last-reload-outcome").getText())
                    .containsAnyOf("(every file compiled)", "(rebuilt from the files that changed)");

            browser.submit("#reload-now");
            assertThat(browser.path()).isEqualTo("/console/rules?reloaded=unchanged");
            assertThat(browser.find("#reload-notice").getText()).startsWith("Reloaded: nothing changed");
            assertThat(browser.find("#last-reload-outcome").getText()).startsWith("UNCHANGED").contains("console:author");

            browser.submit("#rules-table a[href='/console/rules/" + MEAN_DIFFERS + "']");
            assertThat(browser.path()).isEqualTo("/console/rules/" + MEAN_DIFFERS);
            int ruleLine = List.of(original.split("\n")).indexOf("rule \"normalization mean differs\"") + 1;
            assertThat(browser.find("#rule-source").getText()).startsWith(ruleLine + "rule \"normalization mean differs\"")
                    .contains("@severity(\"HIGH\")").endsWith("end");
            browser.screenshot("rule");

            browser.width(360).go("/console/rules");
            assertThat(browser.fitsWidth()).as("the Rules page at 360 px").isTrue();
            browser.screenshot("rules-phone");
            browser.go("/console/rules/" + MEAN_DIFFERS);
            assertThat(browser.fitsWidth()).as("a rule's page at 360 px").isTrue();
            browser.screenshot("rule-phone");
        }
    }
}
