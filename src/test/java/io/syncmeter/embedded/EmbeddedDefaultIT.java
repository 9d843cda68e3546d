package io.syncmeter.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncmeter.testing.PackagedApp;
import io.syncmeter.testing.PrometheusText;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-configuration default, end to end: the packaged application ({@code
 * target/quarkus-app/quarkus-run.jar}) started with no syncmeter or Kafka configuration (only its
 * ports moved off the defaults) runs the in-process broker, two in-process S3 sites {@code dc1} and
 * {@code dc2}, the sync engine both ways, the probe writers and the collector; replication lag is
 * measured both ways within seconds of startup, and SIGTERM stops everything cleanly.
 */
class EmbeddedDefaultIT {

    /** Generous: a 2-core machine shared with other builds; a start takes about 5 to 15 seconds. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** The product promise: lag figures both ways this soon after "started in". */
    private static final Duration FIRST_FIGURES = Duration.ofSeconds(15);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String LAG_COUNT = "syncmeter_replication_lag_seconds_count";
    private static final Pattern ERROR_LINE = Pattern.compile("(?m)^.*\\bERROR\\b.*$");
    private static final Pattern WARN_LINE = Pattern.compile("(?m)^.*\\bWARN\\b.*$");

    @TempDir
    Path tempDir;

    private final List<Process> started = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stopStartedProcesses() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        started.clear();
    }

    @Test
    void shouldMeasureReplicationBothWaysAndStopCleanlyWithNoConfiguration() throws Exception {
        Set<Integer> taken = new HashSet<>();
        int httpPort = freePort(taken);
        int kafkaPort = freePort(taken);
        int s3BasePort = freePortPair(taken);
        Path log = tempDir.resolve("app.log");
        Process process = start(
                log,
                "-Dquarkus.http.port=" + httpPort,
                "-Dsyncmeter.embedded.kafka-port=" + kafkaPort,
                "-Dsyncmeter.embedded.s3-base-port=" + s3BasePort);
        String base = "http://127.0.0.1:" + httpPort;

        await("the application logs 'started in'")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !process.isAlive() || read(log).contains("started in"));
        long startedAt = System.nanoTime();
        assertThat(process.isAlive())
                .as("the application exited during startup:%n%s", read(log))
                .isTrue();
        assertThat(read(log))
                .contains("Embedded Kafka broker ready on 127.0.0.1:" + kafkaPort)
                .contains("Embedded S3 site dc1 ready on http://127.0.0.1:" + s3BasePort)
                .contains("Embedded S3 site dc2 ready on http://127.0.0.1:" + (s3BasePort + 1));

        // lag is measured both ways within FIRST_FIGURES of "started in"
        AtomicReference<double[]> first = new AtomicReference<>();
        await("replication lag counted both ways on /q/metrics")
                .atMost(FIRST_FIGURES)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    double[] counts = lagCounts(base);
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
                    double[] counts = lagCounts(base);
                    assertThat(counts[0]).as("dc1 -> dc2").isGreaterThan(first.get()[0]);
                    assertThat(counts[1]).as("dc2 -> dc1").isGreaterThan(first.get()[1]);
                });

        await("/api/status shows both directions with samples")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    HttpResponse<String> status = get(base + "/api/status");
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

        HttpResponse<String> ready = get(base + "/q/health/ready");
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
        process.destroy();
        boolean exited = process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String output = read(log);
        assertThat(exited)
                .as("the application should stop within %s of SIGTERM; output:%n%s", STOP_TIMEOUT, output)
                .isTrue();
        System.out.printf(
                "stopped with exit code %d in %d ms%n", process.exitValue(), (System.nanoTime() - stopAt) / 1_000_000);
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

    private double[] lagCounts(String base) throws IOException, InterruptedException {
        HttpResponse<String> metrics = get(base + "/q/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        PrometheusText text = PrometheusText.parse(metrics.body());
        return new double[] {
            text.value(LAG_COUNT, Map.of("source_site", "dc1", "target_site", "dc2"))
                    .orElseThrow(),
            text.value(LAG_COUNT, Map.of("source_site", "dc2", "target_site", "dc1"))
                    .orElseThrow()
        };
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Process start(Path log, String... properties) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("-Xmx512m"));
        arguments.addAll(List.of(properties));
        Process process = PackagedApp.start(log, arguments);
        started.add(process);
        return process;
    }

    /** A free loopback port not in {@code taken}; added to it. */
    private static int freePort(Set<Integer> taken) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort();
                if (taken.add(port)) {
                    return port;
                }
            }
        }
        throw new IllegalStateException("no free port");
    }

    /** A port p with p and p + 1 free on loopback and not in {@code taken}; both added to it. */
    private static int freePortPair(Set<Integer> taken) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (!taken.contains(p) && !taken.contains(p + 1) && isFree(p) && isFree(p + 1)) {
                taken.add(p);
                taken.add(p + 1);
                return p;
            }
        }
        throw new IllegalStateException("no two consecutive free ports");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
