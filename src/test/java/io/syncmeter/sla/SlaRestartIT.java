package io.syncmeter.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncmeter.probe.ProbeWritten;
import io.syncmeter.testing.PackagedApp;
import io.syncmeter.testing.ProbeFeeder;
import io.syncmeter.testing.TestReplicator;
import io.syncmeter.testing.TestReplicator.Plan;
import io.syncmeter.testing.TwoSites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compliance survives a restart: the packaged application runs against a broker and two S3 sites of
 * the test, the test writes probes (one in five replicated after the threshold), the application is
 * stopped with SIGTERM and started again, and the objective's counts continue from where they were,
 * read back from the SLA state topic, then grow by exactly the probes written after the restart.
 */
class SlaRestartIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tempDir;

    private final TwoSites sites = new TwoSites();
    private final List<Process> started = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TwoSites.Infra infra;
    private List<String> arguments;

    @BeforeEach
    void startInfrastructure() {
        sites.init(Map.of());
        Map<String, String> config = sites.start();
        infra = sites.infra();
        arguments = new ArrayList<>(List.of("-Xmx384m"));
        config.forEach((k, v) -> arguments.add("-D" + k + "=" + v));
        arguments.addAll(List.of(
                "-Dsyncmeter.probe.enabled=false",
                "-Dsyncmeter.sync.enabled=false",
                "-Dsyncmeter.probe.profile=target/test-classes/probes/it-sla.yaml",
                "-Dsyncmeter.collector.poll-interval=100ms",
                "-Dsyncmeter.collector.straggler-after=500ms",
                "-Dsyncmeter.collector.straggler-poll-interval=300ms",
                "-Dsyncmeter.sla.objectives.rep.kind=replication",
                "-Dsyncmeter.sla.objectives.rep.target=0.9",
                "-Dsyncmeter.sla.objectives.rep.threshold=1500ms",
                "-Dsyncmeter.sla.objectives.rep.period=1h",
                "-Dsyncmeter.sla.flush-interval=1s",
                "-Dsyncmeter.sla.evaluation-interval=500ms"));
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        sites.stop();
    }

    /** Every fifth probe after the 1.5 s threshold, the others at once. */
    static Plan plan(ProbeWritten p) {
        return new Plan.CopyAfter(p.sequence() % 5 == 0 ? Duration.ofMillis(2500) : Duration.ofMillis(100));
    }

    @Test
    void shouldContinueComplianceFromTheStateTopicAfterARestart() throws Exception {
        try (TestReplicator replicator = new TestReplicator(infra, SlaRestartIT::plan).start();
                ProbeFeeder feeder = new ProbeFeeder(infra, "sla-probes", "feed")) {
            String first = startApp("first");
            // a canary (in time) shows the collector consumes before the counted probes are written
            feedUntilCounted(feeder, first, 1001, 1);
            for (int i = 1; i <= 20; i++) {
                feeder.write("dc1", i);
            }
            awaitCounts(first, 21, 17);
            String instanceBefore = report(first).path("instance").asText();
            String dataSince = rep(first).path("window").path("dataSince").asText();

            stopApp();
            String second = startApp("second");

            JsonNode restored = awaitCounts(second, 21, 17);
            assertThat(report(second).path("restored").asBoolean()).isTrue();
            assertThat(report(second).path("instance").asText()).isNotEqualTo(instanceBefore);
            assertThat(restored.path("window").path("dataSince").asText()).isEqualTo(dataSince);

            feedUntilCounted(feeder, second, 1002, 22);
            for (int i = 21; i <= 40; i++) {
                feeder.write("dc1", i);
            }
            JsonNode after = awaitCounts(second, 42, 34);
            assertThat(after.path("compliance").asDouble()).isEqualTo(34.0 / 42);
            assertThat(after.path("errorBudget").path("badEvents").asLong()).isEqualTo(8);
        }
    }

    private void feedUntilCounted(ProbeFeeder feeder, String base, long sequence, long total) throws Exception {
        feeder.write("dc1", sequence);
        await("the canary probe counted")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .until(() -> rep(base).path("totalEvents").asLong() >= total);
    }

    private JsonNode awaitCounts(String base, long total, long good) {
        await("rep counts " + good + "/" + total)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    JsonNode s = rep(base);
                    assertThat(s.path("totalEvents").asLong()).as(s.toString()).isEqualTo(total);
                    assertThat(s.path("goodEvents").asLong()).as(s.toString()).isEqualTo(good);
                });
        try {
            return rep(base);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode rep(String base) throws Exception {
        return get(base + "/api/sla?objective=rep&source=dc1")
                .path("objectives")
                .get(0)
                .path("series")
                .get(0);
    }

    private JsonNode report(String base) throws Exception {
        return get(base + "/api/sla");
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private String startApp(String name) throws IOException {
        int port = freePort();
        List<String> args = new ArrayList<>(arguments);
        args.add("-Dquarkus.http.port=" + port);
        Path log = tempDir.resolve(name + ".log");
        Process p = PackagedApp.start(log, args);
        started.add(p);
        String base = "http://127.0.0.1:" + port;
        await(name + " run ready with its SLA state read back")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(p.isAlive()).as(read(log)).isTrue();
                    assertThat(report(base).path("restored").asBoolean()).isTrue();
                });
        return base;
    }

    private void stopApp() throws InterruptedException {
        Process p = started.get(started.size() - 1);
        p.destroy(); // SIGTERM: the last counts are written on the way out
        assertThat(p.waitFor(30, TimeUnit.SECONDS))
                .as("stops within 30 s of SIGTERM")
                .isTrue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
