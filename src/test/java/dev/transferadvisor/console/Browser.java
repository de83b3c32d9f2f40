package dev.transferadvisor.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.logging.Log;

/**
 * A real headless Chromium driven by Selenium, for the console's browser tests: Debian's {@code chromium} and its
 * {@code chromedriver} ({@code .ci/run} installs both where missing; Selenium Manager cannot download drivers here,
 * so the driver is named, never looked up). Where neither is installed the test is skipped with a warning in the
 * log, never failed. Screenshots go to {@code target/console-screenshots/}.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("ADVISOR_TEST_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("ADVISOR_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    static {
        // Selenium warns on every start that it has no DevTools classes for this Chromium; the tests use none
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
    }

    final WebDriver driver;
    private final URL base;

    private Browser(WebDriver driver, URL base) {
        this.driver = driver;
        this.base = base;
    }

    /** A browser at laptop width on the service at {@code base}; skips the calling test where none is installed. */
    static Browser open(URL base) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            String why = "no Chromium at " + CHROMIUM + " or no chromedriver at " + DRIVER
                    + " (apt-get install chromium chromium-driver; .ci/run does)";
            Log.warnf("SKIPPED browser test: %s", why);
            Assumptions.abort(why);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver, base);
    }

    /** Opens a path of the service, e.g. {@code /console/rules}. */
    Browser go(String path) {
        driver.get(base.toString().replaceAll("/$", "") + path);
        return this;
    }

    /** Logs in through the console's form as {@code user} (the test users' password is their name). */
    Browser logIn(String user) {
        go("/console/login");
        driver.findElement(By.id("j_username")).sendKeys(user);
        driver.findElement(By.id("j_password")).sendKeys(user);
        return submit(driver.findElement(By.cssSelector("form[action='/console/j_security_check'] button")));
    }

    Browser logOut() {
        return submit(driver.findElement(By.cssSelector("form[action='/console/logout'] button")));
    }

    /**
     * Clicks a button or link that loads another page and waits until the new page has replaced this one (a click
     * returns before the browser has navigated; reading at once would read the old page).
     */
    Browser submit(WebElement element) {
        WebElement page = driver.findElement(By.tagName("html"));
        element.click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(d -> gone(page));
        wait.until(d -> "complete".equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
        return this;
    }

    /**
     * Whether the page an element belongs to has been replaced. Chromium answers a question about an element of a
     * page it is unloading sometimes not as stale but with "Node … does not belong to the document" (seen in CI),
     * which means the same.
     */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** {@link #submit(WebElement)} on the element {@code css} selects. */
    Browser submit(String css) {
        return submit(find(css));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    java.util.List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String path() {
        return URI_PATH.apply(driver.getCurrentUrl());
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** The text of the page's navigation bar: the links this user was given. */
    String navigation() {
        var navs = all("header nav");
        return navs.isEmpty() ? "" : navs.get(0).getText();
    }

    /** Sets the window to phone width (360 px) or back to a laptop's. */
    Browser width(int pixels) {
        driver.manage().window().setSize(new Dimension(pixels, 900));
        return this;
    }

    /** The page's content is as wide as the window or narrower: nothing to scroll sideways but inside tables. */
    boolean fitsWidth() {
        Object wider = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth > window.innerWidth + 1;");
        return !Boolean.TRUE.equals(wider);
    }

    /** Saves the whole window as {@code target/console-screenshots/<name>.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves what one element shows (e.g. the graph, which may be taller than the window) as {@code <name>.png}. */
    Path screenshotOf(String name, String css) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            WebElement element = find(css);
            // Chromium clips an element's screenshot to the window: make the window tall enough, then restore it
            Dimension before = driver.manage().window().getSize();
            int needed = element.getSize().getHeight() + 200;
            if (needed > before.getHeight()) {
                driver.manage().window().setSize(new Dimension(before.getWidth(), needed));
            }
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView();", element);
            Files.write(file, element.getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(before);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static final java.util.function.Function<String, String> URI_PATH = url -> {
        java.net.URI uri = java.net.URI.create(url);
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    };
}
