package io.syncmeter.bench.internal;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.syncmeter.bench.internal.RunFiles.IntervalRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.ToDoubleFunction;

/**
 * A run's {@code report.html}: one self-contained page, readable offline from {@code file://}
 * without a server, drawn from the result directory's {@code result.json} and CSVs. Everything it
 * needs is inside it: the chart library (uPlot, from its webjar on the classpath), the page's own
 * script and style (after the live page's, so the two look alike), and the figures as one JSON block ({@link Data}). A Content-Security-Policy
 * lets it load nothing from anywhere and run only its own two scripts, and the JSON is written so
 * that no text in it (site names and profile descriptions come from configuration) can end its
 * block.
 *
 * <p>What the page shows is the script's ({@code report.js} beside this class): a list of
 * sections, each drawing from its part of {@link Data} and saying so when that part is absent. A
 * section for a later part of {@code result.json} (replication: lag over time, lag histogram,
 * backlog and drain, the sweep's knee) is a field in {@link RunResult} — it reaches the page as it
 * is — and a section in the script; series from a file of their own (as the CSVs) are a field of
 * {@link Data} beside {@link Data#intervals}.
 *
 * <p>Stateless: {@link #write} may be called from any thread, once the run's files are closed.
 */
public final class ReportPage {

    /** The version of the embedded JSON document's layout. */
    public static final int SCHEMA = 1;

    /** The file written into the result directory. */
    public static final String FILE = "report.html";

    /** The id of the {@code <script type="application/json">} element that holds {@link Data}. */
    static final String DATA_ID = "syncmeter-report-data";

    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final String LIVE_CSS = "META-INF/resources/live/live.css";

    /**
     * What the page draws.
     *
     * @param schema the layout's version, {@value #SCHEMA}
     * @param result {@code result.json} as read
     * @param intervals site → operation ({@code put}, {@code multipart-put}, in the operations'
     *     order) → its sampling intervals from the CSVs; empty where the run wrote none
     */
    public record Data(int schema, RunResult result, Map<String, Map<String, Intervals>> intervals) {}

    /**
     * One site's and operation's sampling intervals as columns (the charts take columns), one entry
     * per CSV row in its order. Times in seconds since the run's start, latencies in seconds, rates
     * per second.
     */
    public record Intervals(
            double[] start,
            double[] end,
            double[] succeeded,
            double[] failed,
            double[] operationsPerSecond,
            double[] bytesPerSecond,
            double[] latencyP50,
            double[] latencyP99,
            double[] latencyP999,
            double[] latencyMax) {

        static Intervals of(List<IntervalRow> rows) {
            return new Intervals(
                    column(rows, IntervalRow::startSeconds),
                    column(rows, IntervalRow::endSeconds),
                    column(rows, IntervalRow::succeeded),
                    column(rows, IntervalRow::failed),
                    column(rows, IntervalRow::operationsPerSecond),
                    column(rows, IntervalRow::bytesPerSecond),
                    column(rows, IntervalRow::latencyP50),
                    column(rows, IntervalRow::latencyP99),
                    column(rows, IntervalRow::latencyP999),
                    column(rows, IntervalRow::latencyMax));
        }

        private static double[] column(List<IntervalRow> rows, ToDoubleFunction<IntervalRow> f) {
            return rows.stream().mapToDouble(f).toArray();
        }
    }

    private ReportPage() {}

    /**
     * Writes {@code resultDir/report.html}, replacing one there before (the new page is written
     * beside it and moved over it, so a reader never sees half a page). CSVs that are absent are
     * operations the run did not make; the page shows what there is.
     *
     * @return the page's path
     * @throws NoSuchFileException when the directory holds no {@code result.json}
     * @throws IllegalArgumentException naming the file and line of a CSV row that is not one {@link
     *     RunFiles} writes
     */
    public static Path write(Path resultDir) throws IOException {
        Path resultFile = resultDir.resolve("result.json");
        if (!Files.isRegularFile(resultFile)) {
            throw new NoSuchFileException(
                    resultFile.toString(), null, "no result.json: not a benchmark run's result directory");
        }
        Map<String, Map<String, Intervals>> intervals = new LinkedHashMap<>();
        RunFiles.readIntervals(resultDir).forEach((site, ops) -> {
            Map<String, Intervals> bySite = intervals.computeIfAbsent(site, s -> new LinkedHashMap<>());
            ops.forEach((op, rows) -> bySite.put(op, Intervals.of(rows)));
        });
        String html = html(new Data(SCHEMA, RunFiles.readResult(resultFile), intervals));
        Path page = resultDir.resolve(FILE);
        Path partial = resultDir.resolve(FILE + ".partial");
        Files.writeString(partial, html, StandardCharsets.UTF_8);
        Files.move(partial, page, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return page;
    }

    /** The page of {@code data}. */
    static String html(Data data) throws IOException {
        String uplotVersion = uplotVersion();
        String uplotDir = "META-INF/resources/webjars/uplot/" + uplotVersion + "/dist/";
        String uplotJs = inlinable(resource(uplotDir + "uPlot.iife.min.js"), "script", uplotDir);
        String uplotCss = inlinable(resource(uplotDir + "uPlot.min.css"), "style", uplotDir);
        String reportJs = inlinable(resource("io/syncmeter/bench/internal/report.js"), "script", "report.js");
        // the live page's style first: one look for syncmeter's pages, and the report's own after it
        String baseCss = inlinable(resource(LIVE_CSS), "style", LIVE_CSS);
        String reportCss = inlinable(resource("io/syncmeter/bench/internal/report.css"), "style", "report.css");
        String json = scriptSafe(RunFiles.JSON
                .writer()
                .without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(data));
        // nothing may be loaded, and only these two scripts run: no injected handler or script could
        String policy = "default-src 'none'; script-src '" + sha256(uplotJs) + "' '" + sha256(reportJs)
                + "'; style-src 'unsafe-inline'; img-src data:";
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta http-equiv="Content-Security-Policy" content="%s">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="generator" content="syncmeter">
                <title>syncmeter benchmark report</title>
                <style>%s</style>
                <style>%s</style>
                <style>%s</style>
                </head>
                <body>
                <header>
                <h1>syncmeter <span class="sub">benchmark report</span> <span id="profile-name"></span></h1>
                <p id="profile-description" class="description"></p>
                </header>
                <div id="problems" class="banner" role="alert" hidden></div>
                <main id="report"></main>
                <noscript>This page draws its tables and charts with JavaScript. Its figures are in \
                result.json and the CSVs beside it.</noscript>
                <footer>Written by syncmeter from result.json and the CSVs of this run's directory; \
                charts drawn with uPlot %s.</footer>
                <script type="application/json" id="%s">%s</script>
                <script>%s</script>
                <script>%s</script>
                </body>
                </html>
                """.formatted(policy, uplotCss, baseCss, reportCss, uplotVersion, DATA_ID, json, uplotJs, reportJs);
    }

    /**
     * JSON that no text inside can end its {@code <script>} element with: {@code <}, {@code >} and
     * {@code &} appear only inside JSON strings, where their {@code \\u} escapes read the same.
     */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }

    // a library inlined as it is must not hold what would end its element early
    private static String inlinable(String text, String element, String name) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("</" + element) || lower.contains("<!--")) {
            throw new IllegalStateException(name + " holds </" + element + " or <!--: it cannot be inlined");
        }
        return text;
    }

    /** The uPlot webjar's version, from its Maven metadata on the classpath (the pom's, never repeated here). */
    static String uplotVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = open(UPLOT_POM)) {
            p.load(in);
        }
        String version = p.getProperty("version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException(UPLOT_POM + " names no version");
        }
        return version.trim();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream open(String name) {
        InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the classpath (the uplot webjar is a dependency)");
        }
        return in;
    }

    // a script's CSP source: its text's SHA-256, as the browser hashes it (UTF-8)
    private static String sha256(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
