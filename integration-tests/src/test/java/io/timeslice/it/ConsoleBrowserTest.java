package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}, which {@code .ci/run} installs) against the packaged server: sign in with an
 * API key, watch jobs change status live in the list, read a job's page (stdout, fuel, timeline, a
 * trap), the modules with their imports and exports, the activity charts, and sign out. Screenshots
 * of the pages are kept in {@code target/screenshots}. Without Chromium the test is skipped, and
 * says so loudly.
 */
class ConsoleBrowserTest {
  private static final long SPIN_FUEL_LIMIT = 1_000_000_000_000_000L;

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static WebDriver browser;
  private static Path profile;

  @BeforeAll
  static void startChromium() throws IOException {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present) {
      System.err.println(
          """

          ************************************************************************************
          * ConsoleBrowserTest SKIPPED: no /usr/bin/chromium or /usr/bin/chromedriver.        *
          * The web console is NOT tested. Install them (as .ci/run does):                    *
          *   apt-get install chromium chromium-driver                                        *
          ************************************************************************************
          """);
    }
    assumeTrue(present, "Chromium is not installed (apt-get install chromium chromium-driver)");
    profile = Files.createTempDirectory("timeslice-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1280, 900));
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stopChromium() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** A wait that looks again when the page replaced what it looked at (a row that changed). */
  private static WebDriverWait waiting(int seconds) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private static WebElement row(String job) {
    return browser.findElement(By.cssSelector("tr[data-job='" + job + "']"));
  }

  /** Waits until the list's row of {@code job} shows {@code status}, without reloading the page. */
  private static void awaitRowStatus(String job, String status) {
    waiting(60)
        .withMessage("job " + job + " listed as " + status)
        .until(
            d -> {
              List<WebElement> rows = d.findElements(By.cssSelector("tr[data-job='" + job + "']"));
              return !rows.isEmpty() && status.equals(rows.get(0).getAttribute("data-status"));
            });
  }

  private static void screenshot(String name) throws IOException {
    Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static Object script(String js) {
    return ((JavascriptExecutor) browser).executeScript(js);
  }

  @Test
  void signInWatchJobsLiveAndReadThem() throws Exception {
    Api api = SharedServer.api();
    String base = SharedServer.get().base();
    // spin runs until it is cancelled: at full speed it would reach the default fuel limit (10^10)
    // in a few seconds and fail before the test cancels it.
    Api.Tenant tenant =
        api.tenant("console", Map.of("weight", 1, "maxFuelPerJob", SPIN_FUEL_LIMIT));
    String jobs = api.upload(tenant.key(), "jobs.wasm");
    String echo = api.upload(tenant.key(), "wasi-echo.wasm");
    String done =
        api.submit(
            tenant.key(), Map.of("moduleId", jobs, "function", "work", "args", List.of(1000)));
    api.await(tenant.key(), done);

    // Signing in: a wrong key is refused on the page, the right one opens the job list.
    browser.get(base + "/console");
    WebElement key =
        waiting(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
    assertThat(browser.findElement(By.cssSelector("label[for='api-key']")).getText())
        .isEqualTo("API key");
    key.sendKeys("ts_not-a-key");
    browser.findElement(By.id("sign-in")).click();
    waiting(10)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("sign-in-error"), "not valid"));
    key.clear();
    key.sendKeys(tenant.key());
    browser.findElement(By.id("sign-in")).click();
    waiting(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("view-jobs")));
    awaitRowStatus(done, "SUCCEEDED");
    waiting(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));

    // Jobs submitted now appear and change status in the open list, pushed by the event stream.
    String spin =
        api.submit(
            tenant.key(),
            Map.of("moduleId", jobs, "function", "spin", "fuelLimit", SPIN_FUEL_LIMIT));
    awaitRowStatus(spin, "RUNNING");
    // Its fuel grows in the list while it runs.
    waiting(30)
        .withMessage("the running job's fuel in the list")
        .until(d -> !row(spin).findElements(By.tagName("td")).get(3).getText().equals("0"));
    screenshot("job-list-running");
    String hello =
        api.submit(
            tenant.key(),
            Map.of(
                "moduleId",
                echo,
                "wasi",
                Map.of("args", List.of("hello", "console"), "env", Map.of("GREETING", "hi"))));
    String deep =
        api.submit(tenant.key(), Map.of("moduleId", jobs, "function", "deep", "args", List.of(0)));
    awaitRowStatus(hello, "SUCCEEDED");
    awaitRowStatus(deep, "FAILED");
    assertThat(api.post("/jobs/" + spin + "/cancel", tenant.key(), Map.of()).status())
        .isEqualTo(202);
    awaitRowStatus(spin, "CANCELLED");
    assertThat(row(hello).getText()).contains("WASI command");
    assertThat(row(done).getText()).contains("work");
    screenshot("job-list");

    // The status filter lists only the jobs of that status.
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("status-filter")))
        .selectByVisibleText("FAILED");
    waiting(10)
        .until(d -> d.findElements(By.cssSelector("tr[data-job='" + hello + "']")).isEmpty());
    assertThat(row(deep).getAttribute("data-status")).isEqualTo("FAILED");
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("status-filter")))
        .selectByVisibleText("all");
    awaitRowStatus(hello, "SUCCEEDED");

    // A job's page: stdout, fuel, the timeline.
    row(hello).findElement(By.tagName("a")).click();
    waiting(30)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("job-stdout"), "arg 1: hello"));
    assertThat(browser.getCurrentUrl()).endsWith("#/jobs/" + hello);
    assertThat(browser.findElement(By.id("job-status")).getText()).isEqualTo("SUCCEEDED");
    assertThat(browser.findElement(By.id("job-stdout")).getText())
        .contains("arg 2: console", "env: GREETING=hi");
    long fuel = Long.parseLong(browser.findElement(By.id("job-fuel")).getText().replace(",", ""));
    assertThat(fuel)
        .isEqualTo(api.await(tenant.key(), hello).get("fuelConsumed").asLong())
        .isPositive();
    waiting(10)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("job-timeline-caption"), " ran "));
    assertThat(browser.findElements(By.cssSelector("#job-timeline svg rect")))
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(browser.findElements(By.cssSelector("#job-timeline svg line.marker")))
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(browser.findElement(By.id("job-summary")).getText())
        .contains(echo, "Exit code", "0");
    assertThat(browser.findElement(By.id("job-failure")).isDisplayed()).isFalse();
    screenshot("job-page");

    // A trapped job's page names the trap.
    browser.get(base + "/console/#/jobs/" + deep);
    waiting(30)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("job-trap-code"), "CALL_STACK_EXHAUSTED"));
    assertThat(browser.findElement(By.id("job-failure-kind")).getText()).isEqualTo("TRAP");
    screenshot("job-page-trap");

    // Modules, with their exports and imports.
    browser.findElement(By.cssSelector("#nav a[data-section='modules']")).click();
    WebElement module =
        waiting(30)
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("article[data-module='" + jobs + "']")));
    assertThat(module.getText()).contains("spin", "work", "func (i32) → (i32)");
    WebElement wasi = browser.findElement(By.cssSelector("article[data-module='" + echo + "']"));
    assertThat(wasi.getText()).contains("_start", "wasi_snapshot_preview1", "fd_write");
    screenshot("modules");

    // Activity: the minute's fuel and latency, drawn.
    browser.findElement(By.cssSelector("#nav a[data-section='activity']")).click();
    waiting(30)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#fuel-chart svg rect.bar-fuel")));
    assertThat(browser.findElements(By.cssSelector("#latency-chart svg circle"))).isNotEmpty();
    // The four jobs ended within the last minutes: the table's rows add up to them.
    Object listed =
        script(
            "return [...document.querySelectorAll('#activity-body tr')]"
                + ".reduce((n, r) => n + Number(r.cells[1].textContent), 0)");
    assertThat(listed).isEqualTo(4L);
    screenshot("activity");

    // The key never shows in a URL, stays in this tab's session storage, and signing out drops it.
    assertThat(browser.getCurrentUrl()).doesNotContain(tenant.key());
    assertThat(script("return sessionStorage.getItem('timeslice.apiKey')")).isEqualTo(tenant.key());
    assertThat(script("return localStorage.length")).isEqualTo(0L);
    browser.findElement(By.id("sign-out")).click();
    waiting(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
    assertThat(script("return sessionStorage.getItem('timeslice.apiKey')")).isNull();
  }
}
