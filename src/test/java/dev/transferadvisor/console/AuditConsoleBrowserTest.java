package dev.transferadvisor.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import dev.transferadvisor.ruleset.TempRulesProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * An auditor in a real browser follows an answer from the audit list to its record, its graph and its rules' sources,
 * verifies the chain, and compares two versions of the rules; the pages fit a phone.
 */
@QuarkusTest
@TestProfile(TempRulesProfile.class)
class AuditConsoleBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void anAuditorFollowsAnAnswerToItsRulesVerifiesTheChainAndComparesTwoVersions() throws IOException {
        AuditConsoleTest.Recorded recorded = AuditConsoleTest.diagnose("browser-" + UUID.randomUUID());
        String row = "[id='record-" + recorded.id() + "']";
        try (Browser browser = Browser.open(base)) {
            browser.logIn("auditor");
            browser.submit("header nav a[href='/console/audit']");
            assertThat(browser.all(row)).as("the new record is listed").hasSize(1);
            browser.screenshot("audit");

            browser.find("#rule").sendKeys(recorded.rule());
            browser.submit("#filters button[type='submit']");
            assertThat(browser.path()).contains("rule=" + URLEncoder.encode(recorded.rule(), StandardCharsets.UTF_8));
            assertThat(browser.find("#rule").getAttribute("value")).isEqualTo(recorded.rule());
            assertThat(browser.all(row)).as("found by a rule that fired").hasSize(1);

            browser.submit(row + " a.record-link");
            assertThat(browser.path()).isEqualTo("/console/audit/records/" + recorded.id());
            assertThat(browser.find("svg#graph").isDisplayed()).isTrue();
            WebElement source = browser.find("[id='rule-" + recorded.rule() + "'] pre.source");
            assertThat(source.getText()).contains("@id(\"" + recorded.rule() + "\")");
            assertThat(browser.find("#record-hash").getText()).isEqualTo(recorded.hash());
            scrollTo(browser, "svg#graph");
            browser.screenshot("audit-record");
            // a firing in the graph opens its rule's source on the same page
            browser.find("svg#graph a[href='#rule-" + recorded.rule() + "']").click();
            assertThat(browser.driver.getCurrentUrl()).endsWith("#rule-" + recorded.rule());
            browser.screenshot("audit-record-source");

            browser.submit("#verify-link");
            assertThat(browser.find("#verdict").getText()).startsWith("Valid.");
            assertThat(Long.parseLong(browser.find("#records-checked").getText())).isPositive();
            browser.screenshot("audit-verify");

            String file = "pitfalls/overfitting-risk.drl";
            String before = AuditConsoleTest.serving();
            AuditConsoleTest.awaitStored(before);
            String[] lines = AuditConsoleTest.editFirstComment(file, "(edited by AuditConsoleBrowserTest)");
            try {
                String after = AuditConsoleTest.serving();
                browser.submit("header nav a[href='/console/rulesets']");
                assertThat(browser.find("[id='version-" + after + "']").getText()).contains("serving");
                browser.screenshot("rulesets");
                new Select(browser.find("#diff-from")).selectByValue(before);
                new Select(browser.find("#diff-to")).selectByValue(after);
                browser.submit("#diff-form button[type='submit']");
                assertThat(browser.path()).startsWith("/console/rulesets/diff?");

                List<WebElement> changed = browser.all("table.diff tr.chg");
                assertThat(changed).as("the edited line, highlighted as changed").hasSize(1);
                assertThat(changed.get(0).findElement(By.cssSelector("td.new")).getText()).isEqualTo(lines[1]);
                assertThat(changed.get(0).getCssValue("background-color")).isNotEqualTo("rgba(0, 0, 0, 0)");
                scrollTo(browser, "table.diff tr.chg");
                browser.screenshot("rulesets-diff");

                browser.width(360);
                assertThat(browser.fitsWidth()).as("the diff fits a phone, its table scrolling inside").isTrue();
                browser.go("/console/rulesets");
                assertThat(browser.fitsWidth()).as("the history with its compare form fits a phone").isTrue();
            } finally {
                AuditConsoleTest.restore(file, lines);
            }
        }
    }

    /** Scrolls the first element {@code css} selects to the middle of the window, for a screenshot. */
    static void scrollTo(Browser browser, String css) {
        ((JavascriptExecutor) browser.driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", browser.find(css));
    }

    @Test
    void theAuditPagesFitAPhone() {
        AuditConsoleTest.Recorded recorded = AuditConsoleTest.diagnose("phone-" + UUID.randomUUID());
        try (Browser browser = Browser.open(base)) {
            browser.width(360).logIn("auditor");
            for (String page : List.of("/console/audit", "/console/audit/records/" + recorded.id(), "/console/audit/verify",
                    "/console/rulesets")) {
                browser.go(page);
                assertThat(browser.fitsWidth()).as("no sideways scrolling at 360 px on " + page).isTrue();
            }
            browser.go("/console/audit/records/" + recorded.id());
            browser.screenshot("audit-record-phone");
        }
    }
}
