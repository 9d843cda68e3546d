package io.syncmeter.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.syncmeter.bench.WorkloadProfile;
import io.syncmeter.bench.WorkloadProfile.Operation;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * A run's result directory: {@code result.json} ({@link RunResult}), an HdrHistogram interval log per
 * site ({@code <site>.hlog}: each interval's histograms of each operation, tagged {@code
 * <operation>-latency}, {@code <operation>-service} and {@code <operation>-first-byte}, readable by
 * HdrHistogram's {@code HistogramLogReader} and its plotting tools) and a CSV per operation ({@code
 * <operation>.csv}: a row per site and interval).
 *
 * <p>Threading: each site's {@linkplain #recorder recorder} is called from that site's sampling
 * thread; the files shared by the sites are written under a lock. {@link #close} once, after the
 * loops ended.
 */
public final class RunFiles implements AutoCloseable {

    /** The CSV columns. */
    static final String CSV_HEADER = "site,start_seconds,end_seconds,succeeded,failed,operations_per_second,"
            + "bytes_per_second,latency_p50_seconds,latency_p99_seconds,latency_p999_seconds,latency_max_seconds";

    // package-private: the report embeds a result the way this class writes it
    static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final Map<Operation, PrintStream> csv = new EnumMap<>(Operation.class);
    private final Map<String, PrintStream> logs = new LinkedHashMap<>();

    private RunFiles(Path dir) {
        this.dir = dir;
    }

    /** Creates the directory (and its parents) if needed. */
    public static RunFiles create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the result directory " + dir, e);
        }
        return new RunFiles(dir);
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /**
     * What writes one site's intervals.
     *
     * @param startNanos the run's start, {@link System#nanoTime()}
     * @param startEpochMillis the same instant, wall clock
     */
    public Consumer<RunStats.Interval> recorder(String site, long startNanos, long startEpochMillis) {
        PrintStream out = open(site + ".hlog");
        HistogramLogWriter log = new HistogramLogWriter(out);
        synchronized (this) {
            logs.put(site, out);
        }
        log.outputLogFormatVersion();
        log.outputComment("syncmeter benchmark, site " + site + "; values in nanoseconds");
        log.outputStartTime(startEpochMillis);
        log.setBaseTime(startEpochMillis);
        log.outputLegend();
        return interval -> {
            long from = startEpochMillis + (interval.startNanos() - startNanos) / 1_000_000;
            long to = startEpochMillis + (interval.endNanos() - startNanos) / 1_000_000;
            interval.operations().forEach((op, f) -> {
                write(log, f.latency(), op.field() + "-latency", from, to);
                write(log, f.service(), op.field() + "-service", from, to);
                if (f.firstByte().getTotalCount() > 0) {
                    write(log, f.firstByte(), op.field() + "-first-byte", from, to);
                }
                row(op, site, (from - startEpochMillis) / 1e3, (to - startEpochMillis) / 1e3, f);
            });
        };
    }

    private static void write(HistogramLogWriter log, Histogram h, String tag, long from, long to) {
        Histogram copy = h.copy();
        copy.setTag(tag);
        copy.setStartTimeStamp(from);
        copy.setEndTimeStamp(to);
        log.outputIntervalHistogram(copy);
    }

    private synchronized void row(Operation op, String site, double from, double to, RunStats.Figures f) {
        PrintStream out = csv.computeIfAbsent(op, o -> {
            PrintStream s = open(o.field() + ".csv");
            s.println(CSV_HEADER);
            return s;
        });
        double seconds = Math.max(to - from, 1e-3);
        Histogram l = f.latency();
        out.println(String.format(
                Locale.ROOT,
                "%s,%.3f,%.3f,%d,%d,%.3f,%.1f,%.6f,%.6f,%.6f,%.6f",
                site,
                from,
                to,
                f.succeeded(),
                f.failed(),
                (f.succeeded() + f.failed()) / seconds,
                f.bytes() / seconds,
                l.getValueAtPercentile(50) / 1e9,
                l.getValueAtPercentile(99) / 1e9,
                l.getValueAtPercentile(99.9) / 1e9,
                l.getMaxValue() / 1e9));
    }

    /** The profile as {@code result.json} holds it. */
    public static JsonNode describe(WorkloadProfile profile) {
        return RunResult.describe(profile, JSON);
    }

    /** Writes {@code result.json}. */
    public void writeResult(RunResult result) {
        try {
            JSON.writeValue(dir.resolve("result.json").toFile(), result);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("result.json"), e);
        }
    }

    /** Reads a {@code result.json}. */
    public static RunResult readResult(Path file) throws IOException {
        return JSON.readValue(file.toFile(), RunResult.class);
    }

    /**
     * One row of an operation's CSV: one site's figures of that operation over one sampling interval.
     * Times in seconds since the run's start, latencies in seconds.
     */
    public record IntervalRow(
            String site,
            double startSeconds,
            double endSeconds,
            long succeeded,
            long failed,
            double operationsPerSecond,
            double bytesPerSecond,
            double latencyP50,
            double latencyP99,
            double latencyP999,
            double latencyMax) {}

    /**
     * Reads back a result directory's CSVs. An operation without a CSV is one the run did not make.
     *
     * @return site (sorted) → operation ({@link Operation#field()}, in the enum's order) → its rows in
     *     the file's order
     * @throws IllegalArgumentException naming the file and line of a row that is not one this class
     *     writes
     */
    public static Map<String, Map<String, List<IntervalRow>>> readIntervals(Path dir) throws IOException {
        Map<String, Map<String, List<IntervalRow>>> bySite = new TreeMap<>();
        for (Operation op : Operation.values()) {
            Path csv = dir.resolve(op.field() + ".csv");
            if (!Files.isRegularFile(csv)) {
                continue;
            }
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                IntervalRow row = parse(csv, i + 1, lines.get(i));
                bySite.computeIfAbsent(row.site(), s -> new LinkedHashMap<>())
                        .computeIfAbsent(op.field(), o -> new ArrayList<>())
                        .add(row);
            }
        }
        return bySite;
    }

    private static IntervalRow parse(Path csv, int line, String text) {
        String[] f = text.split(",");
        if (f.length < 11) {
            throw new IllegalArgumentException(csv + ":" + line + ": expected 11 columns, found " + f.length);
        }
        try {
            return new IntervalRow(
                    f[0],
                    Double.parseDouble(f[1]),
                    Double.parseDouble(f[2]),
                    Long.parseLong(f[3]),
                    Long.parseLong(f[4]),
                    Double.parseDouble(f[5]),
                    Double.parseDouble(f[6]),
                    Double.parseDouble(f[7]),
                    Double.parseDouble(f[8]),
                    Double.parseDouble(f[9]),
                    Double.parseDouble(f[10]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(csv + ":" + line + ": not a number: " + e.getMessage(), e);
        }
    }

    private PrintStream open(String name) {
        try {
            return new PrintStream(Files.newOutputStream(dir.resolve(name)), false, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
        }
    }

    @Override
    public synchronized void close() {
        csv.values().forEach(PrintStream::close);
        logs.values().forEach(PrintStream::close);
    }
}
