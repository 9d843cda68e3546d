package io.syncmeter.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncmeter.metrics.PrometheusText;
import io.syncmeter.testing.EmbeddedApp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-configuration default, end to end: the packaged application ({@code
 * target/quarkus-app/quarkus-run.jar}) started with no syncmeter or Kafka configuration (only its
 * ports moved off the defaults) runs the in-process broker, two in-process S3 sites {@code dc1} and
 * {@code dc2}, the sync engine both ways, the probe writers and the collector; replication lag is
 * measured both ways within seconds of startup, and SIGTERM stops everything cleanly.
 */
class EmbeddedDefaultIT {

    /** The product promise: lag figures both ways this soon after "started in". */
    private static final Duration FIRST_FIGURES = Duration.ofSeconds(15);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String LAG_COUNT = "syncmeter_replication_lag_seconds_count";
    private static final Pattern ERROR_LINE = Pattern.compile("(?m)^.*\\bERROR\\b.*$");
    private static final Pattern WARN_LINE = Pattern.compile("(?m)^.*\\bWARN\\b.*$");

    @TempDir
    Path tempDir;

    private final ObjectMapper json = new ObjectMapper();

    @RegisterExtension
    final EmbeddedApp.Launcher apps = new EmbeddedApp.Launcher();

    private EmbeddedApp app;

    @Test
    void shouldMeasureReplicationBothWaysAndStopCleanlyWithNoConfiguration() throws Exception {
        app = apps.start(tempDir.resolve("app.log"), "-Xmx512m");
        app.awaitStarted();
        long startedAt = System.nanoTime();
        assertThat(app.output())
                .contains("Embedded Kafka broker ready on 127.0.0.1:" + app.kafkaPort())
                .contains("Embedded S3 site dc1 ready on http://127.0.0.1:" + app.s3BasePort())
                .contains("Embedded S3 site dc2 ready on http://127.0.0.1:" + (app.s3BasePort() + 1));

        // lag is measured both ways within FIRST_FIGURES of "started in"
        AtomicReference<double[]> first = new AtomicReference<>();
        await("replication lag counted both ways on /q/metrics")
                .atMost(FIRST_FIGURES)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    double[] counts = lagCounts();
                    assertThat(counts[0]).as("dc1 -> dc2").isPositive();
                    assertThat(counts[1]).as("dc2 -> dc1").isPositive();
                    first.set(counts);
                });
        System.out.printf(
                "lag counted both ways %d ms after 'started in': %s%n",
                (System.nanoTime() - startedAt) / 1_000_000, java.util.Arrays.toString(first.get()));
        // and keeps being measured
        await("replication lag counts growing both ways")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    double[] counts = lagCounts();
                    assertThat(counts[0]).as("dc1 -> dc2").isGreaterThan(first.get()[0]);
                    assertThat(counts[1]).as("dc2 -> dc1").isGreaterThan(first.get()[1]);
                });

        await("/api/status shows both directions with samples")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    HttpResponse<String> status = app.get("/api/status");
                    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
                    JsonNode directions = json.readTree(status.body()).path("directions");
                    assertThat(directions.size()).as(status.body()).isEqualTo(2);
                    for (JsonNode d : directions) {
                        assertThat(d.path("sinceStart").path("count").asLong())
                                .as(d.toString())
                                .isPositive();
                    }
                    assertThat(directions.findValuesAsText("sourceSite")).containsExactly("dc1", "dc2");
                    assertThat(directions.findValuesAsText("targetSite")).containsExactly("dc2", "dc1");
                });

        HttpResponse<String> ready = app.get("/q/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonNode health = json.readTree(ready.body());
        assertThat(health.path("status").asText()).as(ready.body()).isEqualTo("UP");
        JsonNode sites = null;
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals("syncmeter-sites")) {
                sites = check;
            }
        }
        assertThat(sites).as(ready.body()).isNotNull();
        assertThat(sites.path("status").asText()).isEqualTo("UP");
        assertThat(sites.path("data").path("dc1").asText()).isEqualTo("UP");
        assertThat(sites.path("data").path("dc2").asText()).isEqualTo("UP");

        // graceful stop: SIGTERM
        long stopAt = System.nanoTime();
        boolean exited = app.terminate(STOP_TIMEOUT);
        String output = app.output();
        assertThat(exited)
                .as("the application should stop within %s of SIGTERM; output:%n%s", STOP_TIMEOUT, output)
                .isTrue();
        System.out.printf(
                "stopped with exit code %d in %d ms%n",
                app.process().exitValue(), (System.nanoTime() - stopAt) / 1_000_000);
        List<String> warnings =
                WARN_LINE.matcher(output).results().map(r -> r.group()).toList();
        if (!warnings.isEmpty()) {
            System.out.printf("%d WARN lines:%n%s%n", warnings.size(), String.join("\n", warnings));
        }
        assertThat(ERROR_LINE.matcher(output).results().map(r -> r.group()).toList())
                .as("ERROR lines in the output:%n%s", output)
                .isEmpty();
        assertThat(output).as(output).contains("stopped in");
    }

    private double[] lagCounts() throws IOException, InterruptedException {
        HttpResponse<String> metrics = app.get("/q/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        PrometheusText text = PrometheusText.parse(metrics.body());
        return new double[] {
            text.value(LAG_COUNT, Map.of("source_site", "dc1", "target_site", "dc2"))
                    .orElseThrow(),
            text.value(LAG_COUNT, Map.of("source_site", "dc2", "target_site", "dc1"))
                    .orElseThrow()
        };
    }
}
