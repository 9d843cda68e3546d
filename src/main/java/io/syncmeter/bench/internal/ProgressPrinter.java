package io.syncmeter.bench.internal;

import io.syncmeter.bench.RunStatus;
import io.syncmeter.bench.RunStatus.SiteProgress;
import io.syncmeter.bench.WorkloadProfile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What the {@code bench} command prints: a header, the progress (a bar redrawn in place on a terminal,
 * or a line per step), and the figures at the end. Not thread-safe: one caller.
 */
public final class ProgressPrinter {

    /** How often the progress is shown. */
    public static final Duration EVERY = Duration.ofSeconds(1);

    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean bar;
    private RunStatus.State lastState;
    private int lastWidth;

    /** @param bar redraw one line in place (a terminal), rather than print a line per step */
    public ProgressPrinter(PrintStream out, boolean bar) {
        this.out = out;
        this.bar = bar;
    }

    /** The run's first lines: what runs where, and where its results go. */
    public static String header(RunStatus status, WorkloadProfile profile) {
        // the description is the profile file's; what the overrides changed is said beside it
        String set = status.overrides().isEmpty()
                ? ""
                : String.format(Locale.ROOT, "%n  as set: %s", String.join(" ", status.overrides()));
        return String.format(
                Locale.ROOT,
                "bench: run %s of profile %s at %s%n  %s%s%n  results: %s",
                status.id(),
                profile.name(),
                String.join(", ", status.sites()),
                profile.description(),
                set,
                status.results());
    }

    /** Shows the run as it stands. */
    public void print(RunStatus status) {
        String line = line(status);
        if (bar) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
            if (status.state() != lastState
                    && lastState != null
                    && status.state().ended()) {
                out.println();
                lastWidth = 0;
            }
        } else {
            out.println(line);
        }
        lastState = status.state();
        out.flush();
    }

    /** Ends a bar's line. */
    public void end() {
        if (bar && lastWidth > 0) {
            out.println();
            lastWidth = 0;
        }
    }

    /** One step of the progress: the state, how far (a bar), and each site's figures. */
    static String line(RunStatus status) {
        StringBuilder b = new StringBuilder();
        double done = status.progress().values().stream()
                .mapToDouble(SiteProgress::done)
                .min()
                .orElse(0);
        int filled = (int) Math.round(done * BAR);
        b.append('[')
                .append("#".repeat(filled))
                .append("-".repeat(BAR - filled))
                .append(String.format(Locale.ROOT, "] %3.0f%% ", done * 100))
                .append(status.state().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        for (Map.Entry<String, SiteProgress> e : status.progress().entrySet()) {
            SiteProgress p = e.getValue();
            b.append("  ").append(e.getKey()).append(": ");
            switch (status.state()) {
                case PREFILLING -> b.append(String.format(Locale.ROOT, "prefilling, %d written", p.prefilled()));
                case MEETING -> b.append("waiting for the joint run's other parties");
                case MERGING ->
                    b.append(String.format(
                            Locale.ROOT, "%d ops, waiting for the other parties' results", p.operations()));
                case DRAINING ->
                    b.append(String.format(
                            Locale.ROOT, "%d ops, waiting for every object at every target", p.operations()));
                case CLEANING_UP, DONE, CANCELLED, FAILED ->
                    b.append(String.format(
                            Locale.ROOT, "%d ops, %d failed, %d deleted", p.operations(), p.failed(), p.deleted()));
                case RUNNING ->
                    b.append(
                            p.warmingUp()
                                    ? "warming up"
                                    : String.format(
                                            Locale.ROOT,
                                            "%.1fs %d ops %.0f ops/s %s/s p99 %s%s",
                                            p.seconds(),
                                            p.operations(),
                                            p.operationsPerSecond(),
                                            bytes(p.bytesPerSecond()),
                                            seconds(p.latencyP99Seconds()),
                                            p.failed() > 0 ? " " + p.failed() + " failed" : ""));
            }
        }
        return b.toString();
    }

    /** The lines on a joint run at the end: its parties and where its merged result is. */
    public static String joint(RunStatus.Joint j) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "joint run %s: party %s of %d%s%n",
                j.name(),
                j.party(),
                j.parties(),
                j.members().isEmpty() ? "" : ", with " + String.join(", ", j.members())));
        if (j.result() != null) {
            b.append("  joint result: ").append(j.result()).append('\n');
            b.append("  joint report: ")
                    .append(Path.of(j.result()).resolveSibling(ReportPage.FILE))
                    .append('\n');
        } else {
            b.append("  no joint result\n");
        }
        return b.toString();
    }

    /** The figures at the end: per site and operation, from the run's {@code result.json}. */
    public static String summary(RunStatus status, Path resultJson) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "bench: run %s %s%n",
                status.id(),
                status.state().name().toLowerCase(Locale.ROOT)));
        if (status.failure() != null) {
            b.append("  failure: ").append(status.failure()).append('\n');
        }
        if (!Files.isRegularFile(resultJson)) {
            b.append("  no figures: the run ended before its load started\n");
            return b.toString();
        }
        RunResult result;
        try {
            result = RunFiles.readResult(resultJson);
        } catch (IOException e) {
            b.append("  cannot read ")
                    .append(resultJson)
                    .append(": ")
                    .append(e.getMessage())
                    .append('\n');
            return b.toString();
        }
        b.append(String.format(
                Locale.ROOT,
                "  %-10s %-14s %10s %10s %10s %10s %10s %10s %8s  %s%n",
                "site",
                "operation",
                "ops/s",
                "bytes/s",
                "p50",
                "p99",
                "p99.9",
                "max",
                "failed",
                "errors"));
        result.sites().forEach((site, s) -> {
            s.operations()
                    .forEach((op, f) -> b.append(String.format(
                            Locale.ROOT,
                            "  %-10s %-14s %10.1f %10s %10s %10s %10s %10s %8d  %s%n",
                            site,
                            op,
                            f.operationsPerSecond(),
                            bytes(f.bytesPerSecond()),
                            seconds(f.latency().p50()),
                            seconds(f.latency().p99()),
                            seconds(f.latency().p999()),
                            seconds(f.latency().max()),
                            f.failed(),
                            f.errors().isEmpty() ? "" : f.errors())));
            b.append(String.format(
                    Locale.ROOT,
                    "  %-10s %.1f s measured, %s; the generator's CPU: %.1f µs per operation%n",
                    site,
                    s.seconds(),
                    why(s.ended()),
                    s.generatorCpuMicrosPerOperation()));
        });
        for (ReplicationWatch.DirectionResult d : result.replication()) {
            b.append(String.format(
                    Locale.ROOT,
                    "  %s->%s replication: %d written, %d replicated, %d missing; lag p50 %s p99 %s p99.9 %s max %s;"
                            + " backlog at most %d; %s%n",
                    d.writer(),
                    d.target(),
                    d.written(),
                    d.replicated(),
                    d.missing(),
                    seconds(d.lag().p50()),
                    seconds(d.lag().p99()),
                    seconds(d.lag().p999()),
                    seconds(d.lag().max()),
                    d.maxBacklog(),
                    d.drained()
                            ? String.format(Locale.ROOT, "drained %.1f s after the load", d.drainSeconds())
                            : "not drained when the wait ended"));
            if (d.sweep() != null) {
                b.append(sweep(d.writer() + "->" + d.target(), d.sweep()));
            }
        }
        b.append("  results: ").append(resultJson.getParent()).append('\n');
        Path page = resultJson.resolveSibling(ReportPage.FILE);
        if (Files.isRegularFile(page)) {
            b.append("  report:  ").append(page).append('\n');
        }
        return b.toString();
    }

    // a sweep: one line per step, then the knee
    static String sweep(String direction, SweepResult sweep) {
        StringBuilder b = new StringBuilder();
        for (SweepResult.Step s : sweep.steps()) {
            b.append(String.format(
                    Locale.ROOT,
                    "    %s at %7.1f/s: wrote %7.1f/s, p99 lag %s, backlog %d -> %d; %s%n",
                    direction,
                    s.rate(),
                    s.writeRate(),
                    s.p99Seconds() < 0 ? "endless" : seconds(s.p99Seconds()),
                    s.backlogAtStart(),
                    s.backlogAtEnd(),
                    s.keptUp() ? "kept up" : "not kept up: " + s.reason()));
        }
        String knee;
        if (sweep.kneeRate() == null) {
            knee = "below the first step's rate ("
                    + String.format(Locale.ROOT, "%.1f", sweep.steps().get(0).rate()) + "/s)";
        } else {
            knee = String.format(Locale.ROOT, "%.1f writes/s", sweep.kneeRate())
                    + (sweep.kneeAtLeast()
                            ? " or more: every step kept up"
                            : ", missed at " + String.format(Locale.ROOT, "%.1f/s", sweep.firstMissedRate()));
        }
        b.append("  ").append(direction).append(" knee: ").append(knee).append('\n');
        return b.toString();
    }

    // result.json's lower-case LoadLoop.Ended, said as a reason
    private static String why(String ended) {
        return switch (ended) {
            case "stopped" -> "its duration or operation count reached";
            case "stable" -> "ended early: throughput stable (auto-terminate)";
            case "cancelled" -> "cancelled";
            default -> "ended: " + ended;
        };
    }

    static String seconds(double s) {
        if (s <= 0) {
            return "0";
        }
        if (s < 1e-3) {
            return String.format(Locale.ROOT, "%.0fµs", s * 1e6);
        }
        if (s < 1) {
            return String.format(Locale.ROOT, "%.1fms", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.2fs", s);
    }

    static String bytes(double perSecond) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = perSecond;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f%s" : "%.1f%s", v, units[u]);
    }
}
