package io.syncmeter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncmeter.testing.PackagedApp;
import io.syncmeter.testing.S3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The packaged application's {@code bench} against a real S3 server of the test's own (so the test
 * sees what the run left there): what the result counts is what the server held, nothing outside the
 * run's prefix is touched, and SIGTERM cancels the run, cleans up and still prints the figures.
 */
class BenchCommandIT {

    private static final String BUCKET = "bench-command-it";
    private static final Duration WITHIN = Duration.ofMinutes(3);
    // written before each run beside the run's prefix: a run must never touch it
    private static final String FOREIGN = "syncmeter-bench-foreign/keep-me";
    private static S3Server server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start("dc1", BUCKET);
        server.connect(2).s3().putObject(b -> b.bucket(BUCKET).key(FOREIGN), RequestBody.fromString("not the run's"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static List<String> site() {
        String p = "-Dsyncmeter.sites.dc1.";
        return List.of(
                p + "endpoint=" + server.server().endpoint(),
                p + "bucket=" + BUCKET,
                p + "region=eu-west-1",
                p + "access-key=" + S3Server.ACCESS_KEY,
                p + "secret-key=" + S3Server.SECRET_KEY);
    }

    private static List<String> keys() {
        return server.connect(2).s3().listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    // bench-mixed-small into out, with these overrides
    private static List<String> bench(Path out, String... sets) {
        List<String> args = new ArrayList<>(List.of("bench", "bench-mixed-small", "--out", out.toString()));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        return args;
    }

    @Test
    void aPutRunCountsWhatTheServerHeldAndLeavesOnlyWhatWasThere() throws Exception {
        Path out = dir.resolve("put-run");
        Path log = dir.resolve("put.log");
        // PUTs only, each to a new key (the drawn key is almost never taken among 100,000,000), 300 of them
        List<String> args = bench(
                out,
                "operations={put: 1}",
                "object-size=2KiB",
                "keys.count=100000000",
                "keys.prefill=0",
                "load.concurrency=4",
                "warm-up=0s",
                "auto-terminate=",
                "duration=",
                "operation-count=300");
        Process p = PackagedApp.start(log, site(), args);
        try {
            assertThat(p.waitFor(WITHIN.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("of profile bench-mixed-small at dc1")
                .contains("as set: operations={put: 1}")
                .contains("done")
                .contains("its duration or operation count reached")
                .contains("report:  " + out.resolve("report.html"));

        JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
        JsonNode dc1 = result.path("sites").path("dc1");
        JsonNode put = dc1.path("operations").path("put");
        assertThat(put.path("succeeded").asLong()).as(dc1.toString()).isEqualTo(300);
        assertThat(put.path("failed").asLong()).isZero();
        assertThat(dc1.path("cleanup").path("deleted").asLong())
                .as("objects the run wrote, as the server listed them to the cleanup")
                .isEqualTo(300);
        assertThat(result.path("environment")
                        .path("sites")
                        .get(0)
                        .path("server")
                        .asText())
                .as("the site's Server header")
                .isNotBlank();
        assertThat(out.resolve("put.csv")).isRegularFile();
        assertThat(out.resolve("dc1.hlog")).isRegularFile();
        assertThat(Files.readString(out.resolve("report.html"))).contains("bench-mixed-small");
        assertThat(keys()).containsExactly(FOREIGN);
        assertThat(output).doesNotContain(S3Server.SECRET_KEY);
    }

    @Test
    void sigtermCancelsTheRunCleansUpAndPrintsWhatWasMeasured() throws Exception {
        Path out = dir.resolve("cancelled-run");
        Path log = dir.resolve("cancelled.log");
        List<String> args = bench(
                out,
                "keys.count=200",
                "object-size=1KiB",
                "load.concurrency=4",
                "warm-up=0s",
                "auto-terminate=",
                "duration=10m");
        args.addAll(List.of("--progress", "lines"));
        Process p = PackagedApp.start(log, site(), args);
        try {
            await("the load runs")
                    .atMost(WITHIN)
                    .until(() -> Files.readString(log, StandardCharsets.UTF_8)
                            .matches("(?s).*running  dc1: [0-9.]+s [1-9].*"));
            p.destroy();
            assertThat(p.waitFor(WITHIN.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        // killed by the signal (128 + 15), after the shutdown did its work
        assertThat(p.exitValue()).as(output).isEqualTo(143);
        assertThat(output)
                .contains("bench: stopping: the run is cancelled, its cleanup runs")
                .contains("cancelled")
                .contains("measured, cancelled");
        assertThat(keys()).as(output).containsExactly(FOREIGN);
        JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
        assertThat(result.path("sites").path("dc1").path("ended").asText()).isEqualTo("cancelled");
        assertThat(result.path("sites")
                        .path("dc1")
                        .path("cleanup")
                        .path("deleted")
                        .asLong())
                .isPositive();
    }
}
