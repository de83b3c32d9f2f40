package dev.transferadvisor.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The console's door in a real browser: logging in as each role shows that role's pages and no others. */
@QuarkusTest
class ConsoleBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void eachRoleLogsInAndIsShownOnlyItsOwnPages() {
        try (Browser browser = Browser.open(base)) {
            browser.go("/console");
            assertThat(browser.path()).as("an anonymous visitor is sent to log in").isEqualTo("/console/login");
            browser.screenshot("login");

            browser.logIn("client");
            assertThat(browser.path()).isEqualTo("/console");
            assertThat(browser.navigation()).contains("Diagnose").doesNotContain("Rules").doesNotContain("Audit");
            browser.logOut();
            assertThat(browser.text()).contains("You are logged out.");

            browser.logIn("author");
            assertThat(browser.navigation()).contains("Rules").doesNotContain("Diagnose").doesNotContain("Audit");
            browser.logOut();

            browser.logIn("auditor");
            assertThat(browser.navigation()).contains("Audit", "Ruleset history").doesNotContain("Diagnose");
            browser.screenshot("home-auditor");
            browser.logOut();
        }
    }

    @Test
    void aWrongPasswordIsSaidOnTheForm() {
        try (Browser browser = Browser.open(base)) {
            browser.go("/console/login");
            browser.find("#j_username").sendKeys("author");
            browser.find("#j_password").sendKeys("not-the-password");
            browser.submit("form button");
            assertThat(browser.find("#login-error").getText()).isEqualTo("Wrong user name or password.");
            assertThat(browser.navigation()).isEmpty();
        }
    }

    @Test
    void theHomePageFitsAPhone() {
        try (Browser browser = Browser.open(base)) {
            browser.width(360).logIn("auditor");
            assertThat(browser.fitsWidth()).as("no sideways scrolling at 360 px").isTrue();
            browser.screenshot("home-phone");
        }
    }
}
