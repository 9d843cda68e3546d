package io.syncmeter.bench.internal;

import io.syncmeter.bench.internal.RunFiles.IntervalRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Two runs' results side by side, per site, operation and measure, each difference said to be beyond
 * the runs' own noise or not. The noise is each run's spread between its sampling intervals (the rows
 * of its CSVs): a difference of the interval means is beyond it when larger than twice its standard
 * error, {@code 2·√(s²_a/n_a + s²_b/n_b)} (Welch's test at about 95 %), and only when both runs have
 * at least {@value #MIN_INTERVALS} intervals; with fewer it cannot be told. Stateless.
 */
public final class RunComparison {

    /** The fewest intervals a run needs for its noise to be estimated. */
    static final int MIN_INTERVALS = 3;

    /** What a measure's comparison says. */
    public enum Verdict {
        BEYOND_NOISE,
        WITHIN_NOISE,
        /** Too few intervals in one of the runs, or the measure is absent from one. */
        UNKNOWN
    }

    /**
     * One measure compared.
     *
     * @param a the first run's interval mean (NaN when absent)
     * @param b the second run's
     * @param changePercent {@code (b − a) / a} in percent (NaN when a is 0 or absent)
     */
    public record Row(
            String site, String operation, String measure, double a, double b, double changePercent, Verdict verdict) {}

    private RunComparison() {}

    /**
     * Compares two result directories (each holding {@code result.json} and the CSVs), or a {@code
     * result.json} each (its directory is used).
     *
     * @throws IllegalArgumentException naming the path when one holds no result
     */
    public static List<Row> compare(Path a, Path b) throws IOException {
        return compare(RunFiles.readIntervals(dirOf(a)), RunFiles.readIntervals(dirOf(b)));
    }

    private static Path dirOf(Path p) {
        Path dir = Files.isDirectory(p) ? p : p.toAbsolutePath().getParent();
        if (dir == null || !Files.isRegularFile(dir.resolve("result.json"))) {
            throw new IllegalArgumentException(
                    p + ": no result.json there (a benchmark run's directory or its result.json)");
        }
        return dir;
    }

    static List<Row> compare(
            Map<String, Map<String, List<IntervalRow>>> a, Map<String, Map<String, List<IntervalRow>>> b) {
        List<Row> rows = new ArrayList<>();
        TreeSet<String> sites = new TreeSet<>(a.keySet());
        sites.addAll(b.keySet());
        for (String site : sites) {
            TreeSet<String> ops = new TreeSet<>(a.getOrDefault(site, Map.of()).keySet());
            ops.addAll(b.getOrDefault(site, Map.of()).keySet());
            for (String op : ops) {
                List<IntervalRow> ra = a.getOrDefault(site, Map.of()).getOrDefault(op, List.of());
                List<IntervalRow> rb = b.getOrDefault(site, Map.of()).getOrDefault(op, List.of());
                rows.add(row(site, op, "operations/s", ra, rb, IntervalRow::operationsPerSecond));
                rows.add(row(site, op, "bytes/s", ra, rb, IntervalRow::bytesPerSecond));
                rows.add(row(site, op, "latency p50 (s)", ra, rb, IntervalRow::latencyP50));
                rows.add(row(site, op, "latency p99 (s)", ra, rb, IntervalRow::latencyP99));
            }
        }
        return rows;
    }

    private static Row row(
            String site,
            String op,
            String measure,
            List<IntervalRow> a,
            List<IntervalRow> b,
            ToDoubleFunction<IntervalRow> f) {
        double[] xa = a.stream().mapToDouble(f).toArray();
        double[] xb = b.stream().mapToDouble(f).toArray();
        double ma = mean(xa);
        double mb = mean(xb);
        double change = ma == 0 || Double.isNaN(ma) ? Double.NaN : (mb - ma) / ma * 100;
        Verdict verdict;
        if (xa.length < MIN_INTERVALS || xb.length < MIN_INTERVALS) {
            verdict = Verdict.UNKNOWN;
        } else {
            double se = Math.sqrt(variance(xa, ma) / xa.length + variance(xb, mb) / xb.length);
            verdict = Math.abs(mb - ma) > 2 * se ? Verdict.BEYOND_NOISE : Verdict.WITHIN_NOISE;
        }
        return new Row(site, op, measure, ma, mb, change, verdict);
    }

    private static double mean(double[] x) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    // the sample variance
    private static double variance(double[] x, double mean) {
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return s / (x.length - 1);
    }

    /** The rows as a Markdown table. */
    public static String table(List<Row> rows, String nameA, String nameB) {
        StringBuilder out = new StringBuilder();
        out.append("| site | operation | measure | ")
                .append(nameA)
                .append(" | ")
                .append(nameB)
                .append(" | change | beyond the runs' noise |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s |%n",
                    r.site(),
                    r.operation(),
                    r.measure(),
                    number(r.a()),
                    number(r.b()),
                    Double.isNaN(r.changePercent()) ? "–" : String.format(Locale.ROOT, "%+.1f %%", r.changePercent()),
                    switch (r.verdict()) {
                        case BEYOND_NOISE -> "**yes**";
                        case WITHIN_NOISE -> "no";
                        case UNKNOWN -> "cannot tell";
                    }));
        }
        return out.toString();
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
