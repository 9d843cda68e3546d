package io.syncmeter.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncmeter.testing.EmbeddedApp;
import io.syncmeter.testing.HeadlessChromium;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The live page at {@code /}, in a real headless Chromium (Debian's, driven through Debian's
 * chromedriver; nothing is downloaded): on the packaged embedded default it draws a lag chart with
 * data for both directions, the outcomes and the SLA compliance; when the application stops it
 * shows an error banner saying what failed and when it last succeeded; when the application is
 * back on the same port the banner goes and the figures come back. Screenshots of both states go
 * to {@code target/}.
 */
class LivePageIT {

    /** The page polls this often here (its default is 5 s), so the test waits less. */
    private static final int REFRESH_SECONDS = 2;

    private static final Duration FIGURES_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration BANNER_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> DIRECTIONS = List.of("dc1->dc2", "dc2->dc1");
    /** The stroke of the p50 series in live.js ({@code #2f81f7}). */
    private static final int[] P50_STROKE = {0x2f, 0x81, 0xf7};

    @TempDir
    Path tempDir;

    @RegisterExtension
    final EmbeddedApp.Launcher apps = new EmbeddedApp.Launcher();

    private final ObjectMapper json = new ObjectMapper();
    private HeadlessChromium browser;
    private ChromeDriver driver;

    @AfterEach
    void quitBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void shouldDrawLiveFiguresShowABannerWhenTheApplicationStopsAndRecoverWhenItIsBack() throws Exception {
        long startedAt = System.nanoTime();
        EmbeddedApp app = apps.start(tempDir.resolve("app.log"), "-Xmx512m");
        app.awaitStarted();
        HttpResponse<String> page = app.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("cache-control"))
                .as("browsers revalidate the page, never keep an old one")
                .hasValueSatisfying(c -> assertThat(c).contains("max-age=0"));
        browser = HeadlessChromium.start(tempDir, 1280, 1100);
        driver = browser.driver();
        driver.get(app.baseUrl() + "/?refresh=" + REFRESH_SECONDS);
        assertThat(driver.getTitle()).contains("syncmeter");

        awaitFiguresDrawn(app, "the first start");
        awaitPage("SLA compliance shown for the replication objective, both directions")
                .atMost(FIGURES_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<WebElement> rows = driver.findElements(By.cssSelector("#sla tbody tr[data-objective]"));
                    assertThat(rows)
                            .extracting(r -> r.getAttribute("data-objective"))
                            .contains("replication", "freshness", "probe-writes");
                    for (String series : List.of("dc1 → dc2", "dc2 → dc1")) {
                        WebElement row = driver.findElement(
                                By.cssSelector("#sla tr[data-objective='replication'][data-series='" + series + "']"));
                        WebElement compliance = row.findElement(By.cssSelector("td.compliance"));
                        assertThat(Double.parseDouble(compliance.getAttribute("data-value")))
                                .as("replication compliance %s", series)
                                .isBetween(0.0, 1.0);
                        assertThat(compliance.getText()).endsWith("%");
                        assertThat(row.findElement(By.cssSelector("td.budget")).getText())
                                .endsWith("%");
                    }
                });
        assertThat(banner().isDisplayed())
                .as("no error banner while the API answers")
                .isFalse();
        screenshot("live-page.png");
        System.out.printf("live page drawn %d ms after launch%n", (System.nanoTime() - startedAt) / 1_000_000);

        // the application stops: the page says so, and keeps what it last showed
        Instant stoppedAt = Instant.now();
        assertThat(app.terminate(Duration.ofSeconds(30)))
                .as("the application stops on SIGTERM:%n%s", app.outputTail())
                .isTrue();
        awaitPage("the error banner names the failed call and the last success")
                .atMost(BANNER_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    assertThat(banner().isDisplayed()).isTrue();
                    assertThat(banner().getText())
                            .contains("GET /api/status failed")
                            .contains("GET /api/sla failed")
                            .contains("Last successful refresh");
                });
        JsonNode failing = model();
        assertThat(failing.path("failing").asBoolean()).isTrue();
        assertThat(Instant.parse(failing.path("lastSuccess").asText())).isBefore(Instant.now());
        assertThat(failing.path("failures").get(0).path("at").asText())
                .satisfies(at -> assertThat(Instant.parse(at)).isAfter(stoppedAt));
        assertThat(driver.findElements(By.cssSelector("[data-direction] .chart canvas")))
                .as("the charts stay on the page")
                .hasSizeGreaterThanOrEqualTo(2);
        screenshot("live-page-error.png");

        // back on the same port: the banner goes, figures come back
        EmbeddedApp again = apps.restart(app, tempDir.resolve("app-again.log"), "-Xmx512m");
        again.awaitStarted();
        awaitPage("the banner hidden again once the API answers")
                .atMost(FIGURES_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    assertThat(banner().isDisplayed()).isFalse();
                    assertThat(model().path("failing").asBoolean()).isFalse();
                });
        awaitFiguresDrawn(again, "the restart");
        System.out.printf(
                "live page test took %d ms (launch, figures, stop, banner, restart, recovery)%n",
                (System.nanoTime() - startedAt) / 1_000_000);
    }

    /** Both directions charted with samples: the page's model, its DOM and the canvas pixels agree. */
    private void awaitFiguresDrawn(EmbeddedApp app, String when) {
        awaitPage("both directions charted with samples after " + when)
                .atMost(FIGURES_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(app.process().isAlive())
                            .as("the application runs:%n%s", app.outputTail())
                            .isTrue();
                    JsonNode model = model();
                    assertThat(model.path("failing").asBoolean())
                            .as(model.toString())
                            .isFalse();
                    for (String direction : DIRECTIONS) {
                        JsonNode d = model.path("directions").path(direction);
                        assertThat(d.path("samplesInWindow").asLong())
                                .as("samples charted for %s: %s", direction, d)
                                .isPositive();
                        assertThat(d.path("intervals").asInt()).isPositive();
                        assertThat(d.path("outcomes").path("replicated").asLong())
                                .isPositive();
                        WebElement card = driver.findElement(By.cssSelector("[data-direction='" + direction + "']"));
                        assertThat(Long.parseLong(card.getAttribute("data-samples")))
                                .isPositive();
                        assertThat(card.findElement(By.cssSelector(".samples")).getText())
                                .matches("[1-9][0-9]* samples in the last 15 min .*");
                        assertThat(card.findElement(By.cssSelector("[data-figure='replicated'] dd"))
                                        .getText())
                                .matches("[1-9][0-9]*");
                        WebElement canvas = card.findElement(By.cssSelector(".chart canvas"));
                        Rectangle chart = canvas.getRect();
                        Rectangle box = card.getRect();
                        assertThat(chart.getX() + chart.getWidth())
                                .as("the chart of %s ends inside its card (%s in %s)", direction, chart, box)
                                .isLessThanOrEqualTo(box.getX() + box.getWidth());
                        assertThat(strokePixels(direction))
                                .as("pixels of the p50 line on the chart of %s", direction)
                                .isGreaterThan(10);
                    }
                });
    }

    private WebElement banner() {
        return driver.findElement(By.id("error-banner"));
    }

    /** The page's own data model, {@code window.syncmeterLive}. */
    private JsonNode model() throws IOException {
        Object text = browser.script("return JSON.stringify(window.syncmeterLive || {});");
        return json.readTree((String) text);
    }

    /** How many pixels of the direction's chart canvas have the p50 line's colour. */
    private long strokePixels(String direction) {
        return browser.strokePixels("[data-direction='" + direction + "'] .chart canvas", P50_STROKE);
    }

    private void screenshot(String name) throws IOException {
        browser.screenshot(Path.of("target", name));
    }

    /**
     * The page redraws its tables on every refresh, so an element found in one poll may be gone by the
     * next call on it; that is a redraw, not a failure, and the poll is simply retried.
     */
    private static ConditionFactory awaitPage(String alias) {
        return Awaitility.await(alias).ignoreException(StaleElementReferenceException.class);
    }
}
