package dev.transferadvisor.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Diagnosing through the console as a person would: a broken plan through the form, a bad case, the answer's chain. */
@QuarkusTest
class DiagnoseConsoleBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aBrokenPlanThroughTheFormShowsItsFindingsAndTheirChain() {
        try (Browser browser = Browser.open(base)) {
            browser.logIn("client").submit("header nav a[href='/console/diagnose']");
            fill(browser, "field-source-model", "resnet50 (ImageNet-1k)");
            choose(browser, "field-source-modality", "IMAGE");
            fill(browser, "field-source-domain", "natural-images");
            choose(browser, "field-target-modality", "IMAGE");
            fill(browser, "field-target-domain", "chest-xray");
            fill(browser, "field-target-labeledExamples", "300");
            choose(browser, "field-plan-strategy", "FULL_FINE_TUNING");
            fill(browser, "field-plan-learningRate", "0.01");
            fill(browser, "field-plan-epochs", "60");
            choose(browser, "field-plan-unfreezing", "ALL_AT_ONCE");
            choose(browser, "field-plan-compute", "LOW");
            browser.screenshot("diagnose-form");
            browser.submit("#diagnose");

            assertThat(browser.path()).startsWith("/console/diagnoses/");
            assertThat(browser.find("#verdicts").getText()).contains("FULL_FINE_TUNING", "FEATURE_EXTRACTION", "ZERO_SHOT");
            var findings = browser.all("li.finding");
            assertThat(findings).as("a full fine-tune of 300 examples at lr 0.01 walks into pitfalls").isNotEmpty();
            assertThat(browser.text()).contains("Remedy");
            assertThat(browser.all("svg#graph g.node-firing")).as("a graph node per firing").hasSizeGreaterThan(3);
            assertThat(browser.all("svg#graph g.node-finding")).hasSameSizeAs(findings);
            assertThat(browser.all("svg#graph path")).as("edges of the chain").isNotEmpty();
            browser.screenshot("diagnose-answer");
            browser.screenshotOf("diagnose-findings", "#answer ul.cards");
            browser.screenshotOf("diagnose-graph", "svg#graph");

            // the tree tells the same chain; a firing opens its rule's source
            browser.find("#tree-view summary").click();
            assertThat(browser.find("#tree-view").getText()).contains("The case");
            browser.screenshotOf("diagnose-tree", "#tree-view");
            String ruleLink = browser.find("svg#graph g.node-firing a").getDomAttribute("href");
            assertThat(ruleLink).contains("/console/rules/");
            String id = browser.path().substring("/console/diagnoses/".length());
            String audit = browser.find("#audit-link").getAttribute("href");
            assertThat(audit).endsWith("/console/audit/records/" + id);

            // the audit record is the auditor's: the client is sent home, the auditor reads the same answer there
            browser.go("/console/audit/records/" + id);
            assertThat(browser.find("#forbidden").getText()).contains("/console/audit/records/" + id);
            browser.logOut().logIn("auditor").go("/console/audit/records/" + id);
            assertThat(browser.find("#record-id").getText()).contains(id);
            assertThat(browser.find("#request-json").getText()).contains("\"labeledExamples\" : 300");
            assertThat(browser.all("svg#graph g.node-finding")).hasSameSizeAs(findings);
        }
    }

    @Test
    void aBadCaseIsAnsweredBesideTheField() {
        try (Browser browser = Browser.open(base)) {
            browser.logIn("client").go("/console/diagnose");
            choose(browser, "field-source-modality", "TEXT");
            choose(browser, "field-target-modality", "TEXT");
            fill(browser, "field-target-labeledExamples", "-3");
            browser.submit("#diagnose");
            assertThat(browser.find("#field-target-labeledExamples-error").getText()).isNotBlank();
            assertThat(browser.find("#field-target-labeledExamples").getAttribute("value")).isEqualTo("-3");
            assertThat(browser.find("#field-target-labeledExamples").getAttribute("aria-invalid")).isEqualTo("true");
            browser.screenshot("diagnose-field-error");
        }
    }

    @Test
    void theAnswerReadsAtPhoneWidth() {
        try (Browser browser = Browser.open(base)) {
            browser.width(360).logIn("client").go("/console/diagnose");
            browser.find("#editor summary").click();
            browser.submit("#diagnose-editor");
            assertThat(browser.path()).startsWith("/console/diagnoses/");
            assertThat(browser.fitsWidth()).as("tables and the graph scroll inside their boxes, the page does not").isTrue();
            browser.screenshot("diagnose-answer-phone");
        }
    }

    private static void fill(Browser browser, String id, String value) {
        browser.find("#" + id).clear();
        browser.find("#" + id).sendKeys(value);
    }

    private static void choose(Browser browser, String id, String value) {
        new Select(browser.find("#" + id)).selectByValue(value);
    }
}
