package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.bench.WorkloadProfile;
import io.syncmeter.bench.WorkloadProfile.Load;
import io.syncmeter.bench.WorkloadProfile.Operation;
import io.syncmeter.bench.WorkloadProfile.Stop;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFilesTest {

    @TempDir
    Path dir;

    @Test
    void theIntervalLogsTheCsvAndTheResultHoldEveryMeasuredOperation() throws Exception {
        WorkloadProfile profile = WorkloadLoader.load("bench-mixed-small", List.of());
        Operations ops = n -> n % 10 == 0
                ? OpResult.failed(Operation.GET, "http-503")
                : n % 2 == 0 ? OpResult.ok(Operation.PUT, 100) : new OpResult(Operation.GET, 50, 1_000, null);
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        LoadLoop.Result result;
        try (RunFiles files = RunFiles.create(dir.resolve("run"))) {
            result = new LoadLoop(
                            new Load.OpenLoop(1_000, 4),
                            new Stop.AfterOperations(1_000),
                            Duration.ZERO,
                            null,
                            ops,
                            Duration.ofMillis(100))
                    .run(files.recorder("dc1", startNanos, startMillis));
            files.writeResult(new RunResult(
                    RunResult.SCHEMA,
                    "test",
                    RunFiles.describe(profile),
                    List.of("duration=15s"),
                    new RunResult.Environment(
                            List.of(new RunResult.SiteInfo(
                                    "dc1", "http://127.0.0.1:1", "b", "syncmeter-bench/x/", "S3Proxy")),
                            new RunResult.Machine("linux", "17", 2, 1L << 29, 1.5)),
                    Instant.ofEpochMilli(startMillis),
                    Instant.now(),
                    Map.of("dc1", RunResult.SiteResult.of(result, 1.0)),
                    List.of(),
                    List.of()));
        }
        RunStats.Figures put = result.stats().operations().get(Operation.PUT);
        RunStats.Figures get = result.stats().operations().get(Operation.GET);
        assertThat(put.succeeded() + get.succeeded() + get.failed()).isEqualTo(1_000);

        // the interval log: every success once, under its operation's tag
        long putLogged = 0;
        long firstBytes = 0;
        try (FileInputStream in =
                new FileInputStream(dir.resolve("run/dc1.hlog").toFile())) {
            HistogramLogReader reader = new HistogramLogReader(in);
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                var histogram = (org.HdrHistogram.Histogram) h;
                if ("put-latency".equals(h.getTag())) {
                    putLogged += histogram.getTotalCount();
                }
                if ("get-first-byte".equals(h.getTag())) {
                    firstBytes += histogram.getTotalCount();
                }
            }
        }
        assertThat(putLogged).isEqualTo(put.succeeded());
        assertThat(firstBytes).isEqualTo(get.succeeded());

        // the CSV: a row per interval, whose counts add up
        List<String> rows = Files.readAllLines(dir.resolve("run/get.csv"));
        assertThat(rows.get(0)).isEqualTo(RunFiles.CSV_HEADER);
        long succeeded = 0;
        long failed = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            assertThat(f[0]).isEqualTo("dc1");
            succeeded += Long.parseLong(f[3]);
            failed += Long.parseLong(f[4]);
        }
        assertThat(succeeded).isEqualTo(get.succeeded());
        assertThat(failed).isEqualTo(100);
        // and read back, every column
        List<RunFiles.IntervalRow> intervals =
                RunFiles.readIntervals(dir.resolve("run")).get("dc1").get("get");
        assertThat(intervals).hasSize(rows.size() - 1);
        assertThat(intervals.stream().mapToLong(RunFiles.IntervalRow::succeeded).sum())
                .isEqualTo(get.succeeded());
        assertThat(intervals.stream().mapToLong(RunFiles.IntervalRow::failed).sum())
                .isEqualTo(100);
        assertThat(intervals).allSatisfy(r -> {
            assertThat(r.endSeconds()).isGreaterThan(r.startSeconds());
            assertThat(r.latencyMax()).isGreaterThanOrEqualTo(r.latencyP999());
        });

        // result.json, read back
        RunResult read = RunFiles.readResult(dir.resolve("run/result.json"));
        assertThat(read.schema()).isEqualTo(1);
        assertThat(read.profile().path("name").asText()).isEqualTo("bench-mixed-small");
        assertThat(read.profile().path("objectSize").path("form").asText()).isEqualTo("log-uniform");
        assertThat(read.profile().path("load").path("form").asText()).isEqualTo("closed-loop");
        assertThat(read.profile().path("autoTerminate").path("window").asText()).isEqualTo("PT15S");
        assertThat(read.overrides()).containsExactly("duration=15s");
        RunResult.OperationResult getResult =
                read.sites().get("dc1").operations().get("get");
        assertThat(getResult.succeeded()).isEqualTo(get.succeeded());
        assertThat(getResult.errors()).containsEntry("http-503", 100L);
        assertThat(getResult.firstByte().count()).isEqualTo(get.succeeded());
        assertThat(read.sites().get("dc1").operations().get("put").firstByte()).isNull();
        assertThat(read.sites().get("dc1").ended()).isEqualTo("stopped");
    }
}
