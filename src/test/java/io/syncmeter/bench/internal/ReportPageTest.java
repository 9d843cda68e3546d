package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncmeter.bench.WorkloadProfile;
import io.syncmeter.bench.WorkloadProfile.Operation;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportPageTest {

    /** What a site or profile description from configuration could hold to break out of the page. */
    static final String HOSTILE = "</script><img src=x onerror=alert(1)><!-- & \u2028";

    private static final int INTERVALS = 4;
    private static final Pattern SCRIPT = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL);

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldEmbedTheRunsFiguresAndItsIntervalsAsJson() throws Exception {
        Path run = dir.resolve("run");
        RunResult written = mixedRun(run, "a description");

        Path page = ReportPage.write(run);

        assertThat(page).isEqualTo(run.resolve("report.html")).isRegularFile();
        JsonNode data = data(Files.readString(page));
        assertThat(data.path("schema").asInt()).isEqualTo(ReportPage.SCHEMA);
        JsonNode result = data.path("result");
        assertThat(result.path("profile").path("name").asText()).isEqualTo("bench-mixed-small");
        assertThat(result.path("overrides").get(0).asText()).isEqualTo("duration=30s");
        JsonNode put = result.path("sites").path("dc1").path("operations").path("put");
        RunResult.OperationResult putWritten =
                written.sites().get("dc1").operations().get("put");
        assertThat(put.path("succeeded").asLong())
                .isEqualTo(putWritten.succeeded())
                .isEqualTo(10L * INTERVALS);
        assertThat(put.path("latency").path("p99").asDouble())
                .isEqualTo(putWritten.latency().p99())
                .isBetween(0.0019, 0.0021);
        assertThat(put.path("firstByte").isNull()).isTrue();
        JsonNode get = result.path("sites").path("dc2").path("operations").path("get");
        assertThat(get.path("errors").path("http-503").asLong()).isEqualTo(INTERVALS);
        assertThat(get.path("firstByte").path("p50").asDouble()).isBetween(0.00049, 0.00051);

        // the CSVs, as columns: one entry per interval, counts that add up to the run's
        JsonNode intervals = data.path("intervals");
        assertThat(names(intervals)).containsExactly("dc1", "dc2");
        assertThat(names(intervals.path("dc1"))).containsExactly("put");
        assertThat(names(intervals.path("dc2"))).containsExactly("put", "get");
        JsonNode getIntervals = intervals.path("dc2").path("get");
        assertThat(getIntervals.path("end")).hasSize(INTERVALS);
        assertThat(sum(getIntervals.path("succeeded"))).isEqualTo(10.0 * INTERVALS);
        assertThat(sum(getIntervals.path("failed"))).isEqualTo(INTERVALS);
        assertThat(getIntervals.path("operationsPerSecond").get(1).asDouble()).isBetween(21.0, 23.0);
        assertThat(getIntervals.path("latencyP50").get(0).asDouble()).isBetween(0.00099, 0.00101);
        assertThat(getIntervals.path("start").get(1).asDouble())
                .isEqualTo(getIntervals.path("end").get(0).asDouble());
    }

    @Test
    void shouldKeepAHostileSiteOrDescriptionInsideItsDataBlock() throws Exception {
        Path run = dir.resolve("run");
        mixedRun(run, HOSTILE);

        String html = Files.readString(ReportPage.write(run));

        // three script elements (the data, uPlot, the page's) and nothing more: none was closed early
        List<String> scripts = scripts(html);
        assertThat(scripts).hasSize(3);
        assertThat(html).doesNotContainIgnoringCase("<img");
        assertThat(html.split("(?i)</script", -1)).hasSize(4);
        // and the text reads back as written, in the description, a site's name and an error kind
        JsonNode result = data(html).path("result");
        assertThat(result.path("profile").path("description").asText()).isEqualTo(HOSTILE);
        assertThat(result.path("environment").path("sites").get(2).path("name").asText())
                .isEqualTo(HOSTILE);
        assertThat(result.path("environment")
                        .path("sites")
                        .get(2)
                        .path("bucket")
                        .asText())
                .isEqualTo(HOSTILE);
        assertThat(names(result.path("sites"))).contains(HOSTILE);
        assertThat(names(result.path("sites")
                        .path(HOSTILE)
                        .path("operations")
                        .path("put")
                        .path("errors")))
                .containsExactly(HOSTILE);
    }

    @Test
    void shouldInlineUplotAndLoadNothing() throws Exception {
        Path run = dir.resolve("run");
        mixedRun(run, "a description");

        String html = Files.readString(ReportPage.write(run));

        String version = ReportPage.uplotVersion();
        assertThat(version).matches("\\d+\\.\\d+\\.\\d+.*");
        String dist = "META-INF/resources/webjars/uplot/" + version + "/dist/";
        assertThat(html).contains(resource(dist + "uPlot.iife.min.js")).contains(resource(dist + "uPlot.min.css"));
        assertThat(html)
                .contains(resource("io/syncmeter/bench/internal/report.js"))
                .contains(resource("META-INF/resources/live/live.css"));
        // no element loads anything: no src, href, link, import or url()
        assertThat(html)
                .doesNotContainPattern("(?i)\\s(src|href)\\s*=")
                .doesNotContainIgnoringCase("<link")
                .doesNotContainIgnoringCase("@import")
                .doesNotContainIgnoringCase("url(");
        // outside the scripts' and styles' text (uPlot's licence names its home page; the data names
        // the sites' endpoints) no address at all
        String markup = html.replaceAll("(?s)<script([^>]*)>.*?</script>", "<script$1></script>")
                .replaceAll("(?s)<style>.*?</style>", "<style></style>");
        assertThat(markup).doesNotContain("http://").doesNotContain("https://");
        assertThat(resource("io/syncmeter/bench/internal/report.js")
                        + resource("io/syncmeter/bench/internal/report.css")
                        + resource("META-INF/resources/live/live.css"))
                .doesNotContain("http://")
                .doesNotContain("https://");
        // the policy lets nothing load and exactly the two scripts of the page run
        Matcher csp = Pattern.compile("http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\"")
                .matcher(html);
        assertThat(csp.find()).isTrue();
        assertThat(csp.group(1)).startsWith("default-src 'none';").doesNotContain("unsafe-inline' 'sha");
        List<String> scripts = scripts(html);
        for (String script : scripts.subList(1, scripts.size())) {
            assertThat(csp.group(1)).contains("'" + sha256(script) + "'");
        }
        assertThat(csp.group(1).split("'sha256-", -1)).hasSize(3);
    }

    @Test
    void shouldDrawARunOfPutAloneWithoutCsvsAndReplaceAnEarlierPage() throws Exception {
        Path run = Files.createDirectories(dir.resolve("put-only"));
        WorkloadProfile profile = WorkloadLoader.load("bench-mixed-small", List.of("operations={put: 1}"));
        RunStats stats = new RunStats();
        long now = System.nanoTime();
        stats.record(OpResult.ok(Operation.PUT, 4096), now - 3_000_000, now - 3_000_000, now);
        stats.interval(now);
        try (RunFiles files = RunFiles.create(run)) {
            files.writeResult(result(profile, List.of(site("dc1")), Map.of("dc1", siteResult(stats))));
        }
        Files.writeString(run.resolve("report.html"), "an older page");

        Path page = ReportPage.write(run);

        String html = Files.readString(page);
        JsonNode data = data(html);
        assertThat(data.path("intervals").isEmpty()).isTrue();
        assertThat(names(data.path("result").path("sites").path("dc1").path("operations")))
                .containsExactly("put");
        assertThat(html).doesNotContain("an older page");
        try (var listing = Files.list(run)) {
            assertThat(listing.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("result.json", "report.html");
        }
    }

    @Test
    void shouldNameADirectoryWithoutAResult() {
        assertThatThrownBy(() -> ReportPage.write(dir))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(dir.resolve("result.json").toString())
                .hasMessageContaining("no result.json");
    }

    @Test
    void scriptSafeJsonReadsTheSameAndHoldsNoMarkup() throws Exception {
        String text = json.writeValueAsString(Map.of("k" + HOSTILE, HOSTILE));

        String safe = ReportPage.scriptSafe(text);

        assertThat(safe).doesNotContain("<").doesNotContain(">").doesNotContain("&");
        assertThat(json.readTree(safe)).isEqualTo(json.readTree(text));
    }

    // --- a run's directory ------------------------------------------------------------------------

    /**
     * dc1 makes PUTs, dc2 PUTs and GETs (with a first byte and one 503 an interval), each over {@value
     * #INTERVALS} half-second intervals with their CSVs; a third site, named {@code description} too,
     * is in result.json only.
     */
    private RunResult mixedRun(Path run, String description) throws Exception {
        WorkloadProfile base = WorkloadLoader.load("bench-mixed-small", List.of("duration=30s"));
        WorkloadProfile profile = new WorkloadProfile(
                base.name(),
                description,
                base.sites(),
                base.maxRunsPerSite(),
                base.operations(),
                base.objectSize(),
                base.multipart(),
                base.keys(),
                base.load(),
                base.stop(),
                base.warmUp(),
                base.autoTerminate(),
                base.replication());
        Map<String, RunResult.SiteResult> sites = new LinkedHashMap<>();
        RunResult result;
        try (RunFiles files = RunFiles.create(run)) {
            long startMillis = System.currentTimeMillis();
            for (String site : List.of("dc1", "dc2")) {
                RunStats stats = new RunStats();
                long start = System.nanoTime();
                Consumer<RunStats.Interval> recorder = files.recorder(site, start, startMillis);
                for (int i = 1; i <= INTERVALS; i++) {
                    long end = start + i * 500_000_000L - 1_000_000;
                    for (int k = 0; k < 10; k++) {
                        stats.record(OpResult.ok(Operation.PUT, 4096), end - 2_000_000, end - 2_000_000, end);
                        if (site.equals("dc2")) {
                            stats.record(
                                    new OpResult(Operation.GET, 1024, 500_000, null),
                                    end - 1_000_000,
                                    end - 900_000,
                                    end);
                        }
                    }
                    if (site.equals("dc2")) {
                        stats.record(OpResult.failed(Operation.GET, "http-503"), end, end, end);
                    }
                    recorder.accept(stats.interval(end + 1_000_000));
                }
                sites.put(site, siteResult(stats));
            }
            RunStats hostile = new RunStats();
            hostile.record(OpResult.failed(Operation.PUT, description), 0, 0, 1);
            hostile.interval(System.nanoTime());
            sites.put(description, siteResult(hostile));
            List<RunResult.SiteInfo> infos = new ArrayList<>(List.of(site("dc1"), site("dc2")));
            infos.add(new RunResult.SiteInfo(description, "http://127.0.0.1:9", description, description, description));
            result = result(profile, infos, sites);
            files.writeResult(result);
        }
        return result;
    }

    private static RunResult.SiteInfo site(String name) {
        return new RunResult.SiteInfo(
                name, "http://127.0.0.1:9000", "bucket-" + name, "syncmeter-bench/t/" + name + "/", "S3Proxy");
    }

    private static RunResult.SiteResult siteResult(RunStats stats) {
        return RunResult.SiteResult.of(
                new LoadLoop.Result(stats.snapshot(), LoadLoop.Ended.STOPPED, 0, java.time.Duration.ZERO), 2.0);
    }

    private static RunResult result(
            WorkloadProfile profile, List<RunResult.SiteInfo> sites, Map<String, RunResult.SiteResult> figures) {
        return new RunResult(
                RunResult.SCHEMA,
                "test",
                RunFiles.describe(profile),
                List.of("duration=30s"),
                new RunResult.Environment(sites, new RunResult.Machine("linux", "17", 2, 1L << 29, 1.5)),
                Instant.parse("2026-01-01T10:00:00Z"),
                Instant.parse("2026-01-01T10:00:02Z"),
                figures,
                List.of(),
                List.of());
    }

    // --- reading the page ---------------------------------------------------------------------------

    /** The text of each script element, in the page's order. */
    private static List<String> scripts(String html) {
        List<String> scripts = new ArrayList<>();
        Matcher m = SCRIPT.matcher(html);
        while (m.find()) {
            scripts.add(m.group(2));
        }
        return scripts;
    }

    private JsonNode data(String html) throws Exception {
        Matcher m = SCRIPT.matcher(html);
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo(" type=\"application/json\" id=\"" + ReportPage.DATA_ID + "\"");
        return json.readTree(m.group(2));
    }

    private static List<String> names(JsonNode object) {
        return StreamSupport.stream(((Iterable<String>) object::fieldNames).spliterator(), false)
                .toList();
    }

    private static double sum(JsonNode array) {
        double s = 0;
        for (JsonNode v : array) {
            s += v.asDouble();
        }
        return s;
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = ReportPageTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String sha256(String script) throws Exception {
        return "sha256-"
                + Base64.getEncoder()
                        .encodeToString(
                                MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));
    }
}
