package io.syncmeter.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.sync.internal.Heartbeat;
import io.syncmeter.testing.Counters;
import io.syncmeter.testing.TwoSites;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A second deployment writing the same places, outside the consumer group, against a real broker and
 * two real S3 sites: the other deployment is a writer that announces itself on the heartbeat topic
 * (under other site names, in another group). It is seen within seconds; a newer one is only
 * counted; beside an older one this deployment stands by, writes nothing, and once the older one is
 * gone writes again and catches up with a full sync.
 */
@QuarkusTest
@TestProfile(ConcurrentWritersIT.QuickHeartbeats.class)
@WithTestResource(value = TwoSites.class, initArgs = @ResourceArg(name = "notifications", value = "true"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConcurrentWritersIT {

    /** One direction; heartbeats every 200 ms, a writer gone after 1 s; no probes. */
    public static class QuickHeartbeats implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "syncmeter.sync.directions", "dc1->dc2",
                    "syncmeter.sync.writers.heartbeat-interval", "200ms",
                    "syncmeter.sync.writers.expire-after", "1s",
                    "syncmeter.probe.enabled", "false");
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(ConcurrentWritersIT.class);

    @TwoSites.InjectInfra
    TwoSites.Infra infra;

    @Inject
    MeterRegistry registry;

    @Inject
    ObjectMapper json;

    @Test
    @Order(1)
    void shouldCountANewerDeploymentAndKeepWriting() throws Exception {
        await().atMost(TIMEOUT).until(() -> writers() == 1);
        try (OtherDeployment other = new OtherDeployment(System.currentTimeMillis() + 3_600_000)) {
            await().atMost(TIMEOUT).until(() -> writers() == 2);
            put("writers/beside-a-newer");
            await().atMost(TIMEOUT)
                    .until(() -> read("dc2", "writers/beside-a-newer").isPresent());
        }
        await().atMost(TIMEOUT).until(() -> writers() == 1);
    }

    @Test
    @Order(2)
    void shouldStandByBesideAnOlderDeploymentAndCatchUpOnceItIsGone() throws Exception {
        double standby = standby();
        long appeared = System.nanoTime();
        try (OtherDeployment other = new OtherDeployment(System.currentTimeMillis() - 3_600_000)) {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> writers() == 2);
            Duration seen = Duration.ofNanos(System.nanoTime() - appeared);
            LOG.infof("a second deployment writing the same places was seen after %d ms", seen.toMillis());
            assertThat(seen).as("seen within seconds").isLessThan(Duration.ofSeconds(5));
            put("writers/while-standing-by");
            await().atMost(TIMEOUT).until(() -> standby() > standby);
            assertThat(read("dc2", "writers/while-standing-by"))
                    .as("written by the older deployment, not here")
                    .isEmpty();
        }
        // gone: writing again, and the full sync brings what was left to the other deployment
        await().atMost(TIMEOUT)
                .until(() -> read("dc2", "writers/while-standing-by").isPresent());
        assertThat(writers()).isEqualTo(1);
        assertThat(given().get("/api/sync/resync").jsonPath().getString("trigger"))
                .isEqualTo("writer-gone");
    }

    @Test
    @Order(3)
    void shouldSetAsideAMalformedHeartbeatAndKeepListening() throws Exception {
        double malformed = Counters.count(
                registry,
                MetricNames.EVENTS_REJECTED,
                MetricNames.TAG_TOPIC,
                "syncmeter.sync-heartbeats",
                MetricNames.TAG_REASON,
                "malformed-json");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", infra.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>("syncmeter.sync-heartbeats", "x", "{not a heartbeat"))
                    .get(30, TimeUnit.SECONDS);
        }
        await().atMost(TIMEOUT)
                .until(() -> Counters.count(
                                registry,
                                MetricNames.EVENTS_REJECTED,
                                MetricNames.TAG_TOPIC,
                                "syncmeter.sync-heartbeats",
                                MetricNames.TAG_REASON,
                                "malformed-json")
                        == malformed + 1);
        try (OtherDeployment other = new OtherDeployment(System.currentTimeMillis() + 3_600_000)) {
            await().atMost(TIMEOUT).until(() -> writers() == 2);
        }
    }

    /** Another deployment's engine: heartbeats for the same places, in group {@code other-deployment}. */
    private final class OtherDeployment implements AutoCloseable {
        private final KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", infra.bootstrapServers()), new StringSerializer(), new StringSerializer());
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        OtherDeployment(long startedAt) {
            Heartbeat.Target same = new Heartbeat.Target(
                    "east",
                    "west",
                    infra.endpoints().get("dc1") + "/" + TwoSites.BUCKET,
                    infra.endpoints().get("dc2") + "/" + TwoSites.BUCKET);
            timer.scheduleAtFixedRate(
                    () -> {
                        try {
                            String beat = json.writeValueAsString(new Heartbeat(
                                    Heartbeat.SCHEMA,
                                    "other-writer",
                                    "other-deployment",
                                    startedAt,
                                    System.currentTimeMillis(),
                                    4,
                                    List.of(same)));
                            producer.send(new ProducerRecord<>("syncmeter.sync-heartbeats", "other-writer", beat));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    0,
                    200,
                    TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
            producer.close();
        }
    }

    private double writers() {
        return registry.find(MetricNames.SYNC_CONCURRENT_WRITERS)
                .tag(MetricNames.TAG_SOURCE_SITE, "dc1")
                .tag(MetricNames.TAG_TARGET_SITE, "dc2")
                .gauge()
                .value();
    }

    private double standby() {
        return Counters.sync(registry, MetricNames.SYNC_OBJECTS, "dc1", "dc2", MetricNames.TAG_OUTCOME, "standby");
    }

    private void put(String key) {
        infra.s3("dc1")
                .putObject(
                        b -> b.bucket(TwoSites.BUCKET).key(key).contentType("text/plain"),
                        RequestBody.fromString(key, StandardCharsets.UTF_8));
    }

    private Optional<String> read(String site, String key) {
        S3Client s3 = infra.s3(site);
        try {
            return Optional.of(
                    s3.getObjectAsBytes(b -> b.bucket(TwoSites.BUCKET).key(key)).asUtf8String());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }
}
