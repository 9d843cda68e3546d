package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syncmeter.bench.WorkloadProfile;
import io.syncmeter.site.Site;
import io.syncmeter.testing.HeadlessChromium;
import io.syncmeter.testing.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * The report of a real run, in a real browser: a short mixed run against an in-process S3 server
 * writes its result directory, {@link ReportPage} its page, and Debian's headless Chromium opens it
 * from {@code file://} (nothing served, nothing loaded): every chart drew with data, the tables hold
 * the result's figures, the console has no error. A copy whose profile description and a site name
 * are markup draws them as text. The page and a screenshot go to {@code target/}.
 */
class ReportPageIT {

    private static final String BUCKET = "report-page-it";
    private static final String HOSTILE = "</script><img src=x onerror=\"window.pwned=1\"><b>bold</b>";
    private static S3Server server;
    private static Site site;

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private HeadlessChromium browser;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start("dc1", BUCKET);
        site = server.connect(8);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void quitBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void shouldDrawEveryChartOfARealRunWithDataOfflineFromAFile() throws Exception {
        Path run = dir.resolve("run");
        RunResult result = realRun(run);
        Map<String, Map<String, List<RunFiles.IntervalRow>>> intervals = RunFiles.readIntervals(run);
        // about 25 when the sampler keeps its 200 ms; a saturated machine has starved it for seconds
        assertThat(intervals.get("dc1").values())
                .as("several intervals per operation")
                .allSatisfy(rows -> assertThat(rows).hasSizeGreaterThanOrEqualTo(3));

        Path page = ReportPage.write(run);
        browser = HeadlessChromium.start(dir, 1280, 1000);
        browser.driver().get(page.toUri().toString());
        assertThat(page.toUri().getScheme()).isEqualTo("file");

        // a throughput chart, a latency chart per site and operation with intervals, a percentile chart
        int expected = 2 + intervals.get("dc1").size();
        List<JsonNode> charts = awaitCharts(expected);
        assertThat(charts).extracting(c -> c.path("id").asText()).contains("throughput", "latency-0", "percentiles");
        for (JsonNode chart : charts) {
            String id = chart.path("id").asText();
            assertThat(chart.path("series").asInt()).as("series of %s", id).isPositive();
            assertThat(chart.path("points").asInt()).as("points of %s", id).isPositive();
            String canvas = "[data-chart='" + id + "'] canvas";
            assertThat(browser.driver().findElements(By.cssSelector(canvas)))
                    .as("canvas of %s", id)
                    .hasSize(1);
            assertThat(browser.strokePixels(canvas, rgb(chart.path("stroke").asText())))
                    .as("pixels of the first line of %s (%s)", id, chart.path("stroke"))
                    .isGreaterThan(20);
        }
        JsonNode report = model("window.syncmeterReport");
        assertThat(report.path("errors")).as(report.toString()).isEmpty();
        assertThat(report.path("sections").findValuesAsText("drawn")).containsOnly("true");

        // the tables hold the result's figures
        assertThat(browser.driver().getTitle()).isEqualTo("syncmeter report — bench-mixed-small");
        assertThat(text("#profile-description"))
                .isEqualTo(result.profile().path("description").asText());
        assertThat(text("#run [data-site='dc1']"))
                .contains(BUCKET)
                .contains(server.server().endpoint().toString());
        result.sites().get("dc1").operations().forEach((op, figures) -> {
            WebElement row = browser.driver()
                    .findElement(By.cssSelector("#summary tr[data-site='dc1'][data-operation='" + op + "']"));
            assertThat(row.findElement(By.cssSelector("[data-measure='succeeded']"))
                            .getAttribute("data-value"))
                    .isEqualTo(String.valueOf(figures.succeeded()));
            assertThat(Double.parseDouble(row.findElement(By.cssSelector("[data-measure='latency-p99']"))
                            .getAttribute("data-value")))
                    .isEqualTo(figures.latency().p99());
        });

        // offline: nothing was fetched, nothing was refused, nothing failed
        assertThat(browser.script("return performance.getEntriesByType('resource').length;"))
                .isEqualTo(0L);
        assertThat(browser.consoleErrors()).isEmpty();

        Files.copy(page, Path.of("target", "report.html"), StandardCopyOption.REPLACE_EXISTING);
        fullPageScreenshot(Path.of("target", "report.png"));
    }

    @Test
    void shouldShowMarkupInADescriptionOrASiteNameAsText() throws Exception {
        Path run = dir.resolve("run");
        RunResult result = realRun(run);
        // the same figures, a description and a site name that are markup
        ObjectNode profile = result.profile().deepCopy();
        profile.put("description", HOSTILE);
        Map<String, RunResult.SiteResult> sites = new LinkedHashMap<>(result.sites());
        sites.put(HOSTILE, result.sites().get("dc1"));
        List<RunResult.SiteInfo> infos = new ArrayList<>(result.environment().sites());
        infos.add(new RunResult.SiteInfo(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE));
        try (RunFiles files = RunFiles.create(run)) {
            files.writeResult(new RunResult(
                    result.schema(),
                    result.syncmeter(),
                    profile,
                    result.overrides(),
                    new RunResult.Environment(infos, result.environment().machine()),
                    result.start(),
                    result.end(),
                    sites,
                    List.of(),
                    List.of()));
        }

        Path page = ReportPage.write(run);
        browser = HeadlessChromium.start(dir, 1280, 1000);
        browser.driver().get(page.toUri().toString());

        awaitCharts(2 + RunFiles.readIntervals(run).get("dc1").size());
        assertThat(text("#profile-description")).isEqualTo(HOSTILE);
        assertThat(browser.driver().findElements(By.cssSelector("img, b"))).isEmpty();
        assertThat(browser.script("return window.pwned === undefined;")).isEqualTo(true);
        assertThat(browser.driver().findElements(By.cssSelector("#summary tr[data-operation='put']")))
                .extracting(r -> r.findElement(By.cssSelector("td")).getText())
                .containsExactly("dc1", HOSTILE);
        assertThat(model("window.syncmeterReport").path("errors")).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void shouldDrawReplicationUnderLoadWithItsBacklogAndLag() throws Exception {
        Path run = dir.resolve("run");
        RunResult result = realRun(run);
        // the real run's figures, with two directions' replication as a replication run records it
        List<ReplicationWatch.BacklogSample> rising = new ArrayList<>();
        List<ReplicationWatch.BacklogSample> other = new ArrayList<>();
        for (int i = 0; i <= 20; i++) {
            rising.add(new ReplicationWatch.BacklogSample(i * 0.25, i <= 12 ? i * 40L : (20 - i) * 60L));
            other.add(new ReplicationWatch.BacklogSample(i * 0.25 + 0.1, i < 16 ? i * 5L : 0));
        }
        List<ReplicationWatch.DirectionResult> replication = List.of(
                new ReplicationWatch.DirectionResult(
                        "dc1",
                        "dc2",
                        900,
                        900,
                        0,
                        0,
                        new RunResult.Percentiles(900, 1.1, 0.9, 1.8, 2.6, 3.0, 3.1),
                        480,
                        2.2,
                        true,
                        0,
                        rising,
                        sweep(),
                        List.of(
                                new ReplicationWatch.LagBin(0.256, 0),
                                new ReplicationWatch.LagBin(0.512, 40),
                                new ReplicationWatch.LagBin(1.024, 500),
                                new ReplicationWatch.LagBin(2.048, 300),
                                new ReplicationWatch.LagBin(4.096, 60)),
                        lagOverTime(0.8, 2.4)),
                new ReplicationWatch.DirectionResult(
                        "dc1",
                        "dc3",
                        900,
                        880,
                        20,
                        0,
                        new RunResult.Percentiles(880, 0.4, 0.3, 0.6, 0.9, 1.2, 1.3),
                        75,
                        -1,
                        false,
                        2,
                        other,
                        null,
                        List.of(
                                new ReplicationWatch.LagBin(0.256, 100),
                                new ReplicationWatch.LagBin(0.512, 500),
                                new ReplicationWatch.LagBin(1.024, 260),
                                new ReplicationWatch.LagBin(2.048, 20)),
                        lagOverTime(0.3, 0.9)));
        try (RunFiles files = RunFiles.create(run)) {
            files.writeResult(new RunResult(
                    result.schema(),
                    result.syncmeter(),
                    result.profile(),
                    result.overrides(),
                    result.environment(),
                    result.start(),
                    result.end(),
                    result.sites(),
                    replication,
                    List.of()));
        }

        Path page = ReportPage.write(run);
        browser = HeadlessChromium.start(dir, 1280, 1000);
        browser.driver().get(page.toUri().toString());

        List<JsonNode> charts =
                awaitCharts(7 + RunFiles.readIntervals(run).get("dc1").size());
        for (String id : List.of("backlog", "replication-lag", "lag-histogram", "sweep-lag")) {
            JsonNode chart = charts.stream()
                    .filter(c -> c.path("id").asText().equals(id))
                    .findFirst()
                    .orElseThrow();
            assertThat(chart.path("series").asInt()).as("series of %s", id).isEqualTo(2);
            // the sweep's chart: 4 steps of one direction and max-lag
            assertThat(chart.path("points").asInt()).as("points of %s", id).isGreaterThanOrEqualTo(8);
            String canvas = "[data-chart='" + id + "'] canvas";
            assertThat(browser.strokePixels(canvas, rgb(chart.path("stroke").asText())))
                    .as("pixels of the first direction's line in %s", id)
                    .isGreaterThan(20);
        }
        // the lag over time: p50 and p99 of each direction, one point per interval of the run
        JsonNode overTime = charts.stream()
                .filter(c -> c.path("id").asText().equals("lag-over-time"))
                .findFirst()
                .orElseThrow();
        assertThat(overTime.path("series").asInt()).isEqualTo(4);
        assertThat(overTime.path("points").asInt())
                .as("4 lines of 20 intervals")
                .isEqualTo(80);
        assertThat(browser.strokePixels(
                        "[data-chart='lag-over-time'] canvas",
                        rgb(overTime.path("stroke").asText())))
                .as("pixels of the first direction's line in lag-over-time")
                .isGreaterThan(20);
        WebElement knee = browser.driver().findElement(By.cssSelector("#replication tr[data-sweep='knee']"));
        assertThat(knee.findElement(By.cssSelector("[data-measure='knee']")).getAttribute("data-value"))
                .isEqualTo("50");
        assertThat(knee.findElement(By.cssSelector("[data-measure='first-missed']"))
                        .getAttribute("data-value"))
                .isEqualTo("75");
        assertThat(browser.driver().findElements(By.cssSelector("#replication tr[data-rate] [data-measure='kept-up']")))
                .extracting(c -> c.getAttribute("data-value"))
                .containsExactly("true", "true", "false", "false");
        WebElement dc3 = browser.driver()
                .findElement(By.cssSelector("#replication tr[data-target='dc3']:not([data-rate]):not([data-sweep])"));
        assertThat(dc3.findElement(By.cssSelector("[data-measure='missing']")).getAttribute("data-value"))
                .isEqualTo("20");
        assertThat(dc3.findElement(By.cssSelector("[data-measure='drain']")).getText())
                .isEqualTo("not drained");
        WebElement dc2 = browser.driver()
                .findElement(By.cssSelector("#replication tr[data-target='dc2']:not([data-rate]):not([data-sweep])"));
        assertThat(Double.parseDouble(dc2.findElement(By.cssSelector("[data-measure='lag-p99']"))
                        .getAttribute("data-value")))
                .isEqualTo(2.6);
        JsonNode report = model("window.syncmeterReport");
        assertThat(report.path("errors")).as(report.toString()).isEmpty();
        assertThat(report.path("sections").findValuesAsText("drawn")).containsOnly("true");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    // 20 one-second intervals: the lag rises during a burst in the middle of the run, then falls
    private static List<ReplicationWatch.LagPoint> lagOverTime(double p50, double p99) {
        List<ReplicationWatch.LagPoint> points = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double burst = i >= 8 && i < 12 ? 3 : 1;
            points.add(new ReplicationWatch.LagPoint(i, 1, 45, p50 * burst, p99 * burst, p99 * burst * 1.2));
        }
        return points;
    }

    // a sweep of four steps as the watch judges them: kept up at 25 and 50/s, not at 75/s
    private static SweepResult sweep() {
        List<SweepResult.Step> steps = new ArrayList<>();
        double[] rates = {25, 50, 75, 100};
        for (int i = 0; i < rates.length; i++) {
            Histogram lag = new Histogram(3);
            long written = (long) rates[i] * 10;
            for (long n = 0; n < written; n++) {
                lag.recordValue((long) (2e8 * (1 + i * i) + n * 1e5));
            }
            steps.add(SweepResult.judge(
                    rates[i], 10, written, lag, 0, i * 50L, i * 50L, i * 50L + (i >= 2 ? 400 : 0), 1.5));
        }
        return SweepResult.of(1.5, 10, steps);
    }

    /** A short mixed run: 5 s of five operations, sampled every 200 ms, with its result files. */
    private RunResult realRun(Path run) throws Exception {
        List<String> overrides =
                List.of("keys.count=200", "load.concurrency=4", "warm-up=0s", "duration=5s", "auto-terminate=");
        WorkloadProfile profile = WorkloadLoader.load("bench-mixed-small", overrides);
        RunPrefix prefix = RunPrefix.of("report-" + System.nanoTime(), site.name());
        SiteOperations ops = new SiteOperations(profile, site, prefix, 13);
        ops.prefill(4);
        double cpu0 = cpuSeconds();
        RunResult result;
        try (RunFiles files = RunFiles.create(run)) {
            Instant start = Instant.now();
            long startNanos = System.nanoTime();
            LoadLoop.Result loop = new LoadLoop(
                            profile.load(),
                            profile.stop(),
                            profile.warmUp(),
                            profile.autoTerminate().orElse(null),
                            ops,
                            Duration.ofMillis(200))
                    .run(files.recorder(site.name(), startNanos, start.toEpochMilli()));
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            Runtime runtime = Runtime.getRuntime();
            result = new RunResult(
                    RunResult.SCHEMA,
                    "it",
                    RunFiles.describe(profile),
                    overrides,
                    new RunResult.Environment(
                            List.of(new RunResult.SiteInfo(
                                    site.name(), server.server().endpoint().toString(), BUCKET, prefix.value(), null)),
                            new RunResult.Machine(
                                    System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                                    System.getProperty("java.version"),
                                    runtime.availableProcessors(),
                                    runtime.maxMemory(),
                                    cpuSeconds() - cpu0)),
                    start,
                    Instant.now(),
                    Map.of(site.name(), RunResult.SiteResult.of(loop, seconds)),
                    List.of(),
                    List.of());
            files.writeResult(result);
        } finally {
            ops.cleanup();
        }
        return result;
    }

    private static double cpuSeconds() {
        return CpuTime.self().toNanos() / 1e9;
    }

    /** {@code window.syncmeterCharts} once it holds {@code count} charts. */
    private List<JsonNode> awaitCharts(int count) {
        List<JsonNode> charts = new ArrayList<>();
        Awaitility.await(count + " charts drawn")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    JsonNode drawn = model("window.syncmeterCharts");
                    assertThat(drawn).as(drawn.toString()).hasSize(count);
                    charts.clear();
                    drawn.forEach(charts::add);
                });
        return charts;
    }

    private JsonNode model(String expression) throws IOException {
        return json.readTree((String) browser.script("return JSON.stringify(" + expression + " || null);"));
    }

    private String text(String selector) {
        return browser.driver().findElement(By.cssSelector(selector)).getText();
    }

    private static int[] rgb(String hex) {
        int v = Integer.parseInt(hex.substring(1), 16);
        return new int[] {v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff};
    }

    // the window as tall as the page, so one picture shows all of it
    private void fullPageScreenshot(Path file) throws IOException {
        long height = (Long) browser.script("return document.documentElement.scrollHeight;");
        browser.driver().manage().window().setSize(new Dimension(1280, (int) Math.min(height + 40, 8000)));
        browser.screenshot(file);
    }
}
