package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.bench.RunStatus;
import io.syncmeter.bench.RunStatus.SiteProgress;
import io.syncmeter.bench.RunStatus.State;
import io.syncmeter.bench.WorkloadProfile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the bench command prints while a run goes and at its end. */
class ProgressPrinterTest {

    @TempDir
    Path dir;

    private static RunStatus status(State state, List<String> overrides, SiteProgress dc1, SiteProgress dc2) {
        Map<String, SiteProgress> progress = new LinkedHashMap<>();
        progress.put("dc1", dc1);
        progress.put("dc2", dc2);
        return new RunStatus(
                "20261202-120000-abcdef",
                "bench-mixed-small",
                overrides,
                state,
                List.of("dc1", "dc2"),
                Instant.parse("2026-12-02T12:00:00Z"),
                null,
                null,
                "bench-results/20261202-120000-abcdef",
                progress,
                null,
                null);
    }

    private static SiteProgress running(double seconds, long ops, double done) {
        return new SiteProgress(100, false, seconds, ops, 2, ops / seconds, 4096 * ops / seconds, 0.012, done, 0);
    }

    @Test
    void aSweepPrintsAStepALineAndItsKnee() {
        Histogram quick = new Histogram(3);
        quick.recordValueWithCount(300_000_000L, 100);
        SweepResult.Step kept = SweepResult.judge(10, 10, 100, quick, 0, 0, 2, 3, 5);
        SweepResult.Step lost = SweepResult.judge(20, 10, 200, new Histogram(3), 200, 3, 80, 200, 5);

        String missed = ProgressPrinter.sweep("dc1->dc2", SweepResult.of(5, 10, List.of(kept, lost)));
        assertThat(missed.lines().toList())
                .hasSize(3)
                .satisfies(
                        l -> assertThat(l.get(0)).contains("dc1->dc2 at", "10.0/s", "p99 lag 300", "0 -> 3", "kept up"))
                .satisfies(l ->
                        assertThat(l.get(1)).contains("p99 lag endless", "not kept up: 200 of 200 writes never seen"))
                .satisfies(l -> assertThat(l.get(2)).isEqualTo("  dc1->dc2 knee: 10.0 writes/s, missed at 20.0/s"));
        assertThat(ProgressPrinter.sweep("a->b", SweepResult.of(5, 10, List.of(kept))))
                .contains("a->b knee: 10.0 writes/s or more: every step kept up");
        assertThat(ProgressPrinter.sweep("a->b", SweepResult.of(5, 10, List.of(lost))))
                .contains("a->b knee: below the first step's rate (20.0/s)");
    }

    @Test
    void theHeaderSaysWhatRunsWhereAndWhatTheOverridesChanged() {
        WorkloadProfile profile = WorkloadLoader.load("bench-mixed-small", List.of("duration=5s", "auto-terminate="));

        String plain = ProgressPrinter.header(
                status(State.PREFILLING, List.of(), SiteProgress.NONE, SiteProgress.NONE), profile);
        String set = ProgressPrinter.header(
                status(
                        State.PREFILLING,
                        List.of("duration=5s", "load.concurrency=8"),
                        SiteProgress.NONE,
                        SiteProgress.NONE),
                profile);

        assertThat(plain)
                .startsWith("bench: run 20261202-120000-abcdef of profile bench-mixed-small at dc1, dc2")
                .contains(profile.description())
                .contains("results: bench-results/20261202-120000-abcdef")
                .doesNotContain("as set");
        assertThat(set).contains("as set: duration=5s load.concurrency=8");
    }

    @Test
    void aLineShowsTheSlowestSitesShareAndEachSitesFigures() {
        String prefilling = ProgressPrinter.line(status(
                State.PREFILLING,
                List.of(),
                SiteProgress.NONE.withPrefilled(120),
                SiteProgress.NONE.withPrefilled(80)));
        String line =
                ProgressPrinter.line(status(State.RUNNING, List.of(), running(2, 200, 0.5), running(1, 50, 0.25)));
        String done = ProgressPrinter.line(status(
                State.DONE,
                List.of(),
                running(4, 400, 1).withDeleted(90),
                running(4, 300, 1).withDeleted(70)));

        assertThat(prefilling)
                .contains("prefilling")
                .contains("dc1: prefilling, 120 written", "dc2: prefilling, 80 written");
        // the bar follows the site furthest behind
        assertThat(line)
                .startsWith("[######------------------]  25% running")
                .contains("dc1: 2.0s 200 ops 100 ops/s 400.0KiB/s p99 12.0ms 2 failed")
                .contains("dc2: 1.0s 50 ops 50 ops/s");
        assertThat(done)
                .startsWith("[########################] 100% done")
                .contains("dc1: 400 ops, 2 failed, 90 deleted");
    }

    @Test
    void aBarIsRedrawnInPlaceAndEndsItsLineOnce() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter printer = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);

        printer.print(status(State.RUNNING, List.of(), running(2, 200, 0.5), running(2, 200, 0.5)));
        printer.print(status(State.RUNNING, List.of(), running(3, 300, 0.75), running(3, 300, 0.75)));
        printer.end();

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("\r[############------------]  50%").contains("\r[##################------]  75%");
        assertThat(out.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    @Test
    void theSummaryOfARunThatEndedBeforeItsLoadSaysSo() {
        RunStatus failed = new RunStatus(
                "20261202-120000-abcdef",
                "bench-mixed-small",
                List.of(),
                State.FAILED,
                List.of("dc1"),
                Instant.parse("2026-12-02T12:00:00Z"),
                null,
                Instant.parse("2026-12-02T12:00:01Z"),
                dir.toString(),
                Map.of("dc1", SiteProgress.NONE),
                "IllegalStateException: prefill at dc1 failed",
                null);

        String summary = ProgressPrinter.summary(failed, dir.resolve("result.json"));

        assertThat(summary)
                .isEqualTo("bench: run 20261202-120000-abcdef failed%n".formatted()
                        + "  failure: IllegalStateException: prefill at dc1 failed\n"
                        + "  no figures: the run ended before its load started\n");
    }
}
