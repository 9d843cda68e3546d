package io.syncmeter.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.sync.internal.ParkingLot;
import io.syncmeter.testing.Counters;
import io.syncmeter.testing.TopicReader;
import io.syncmeter.testing.TwoSites;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A key whose sync keeps failing is parked on the parking topic with its reason, comes back to the
 * change topic after {@code retry.park-for}, is parked again while it still fails, and is replicated
 * once the fault is gone: never dropped. Real broker, two real S3 sites; the fault is a target whose
 * bucket is gone.
 */
@QuarkusTest
@TestProfile(SyncParkingIT.QuickParking.class)
@WithTestResource(value = TwoSites.class, initArgs = @ResourceArg(name = "notifications", value = "true"))
class SyncParkingIT {

    /** One retry after 100 ms, then parked for 2 s; one direction; no probes (the target is broken). */
    public static class QuickParking implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "syncmeter.sync.directions", "dc1->dc2",
                    "syncmeter.sync.retry.attempts", "1",
                    "syncmeter.sync.retry.initial-backoff", "100ms",
                    "syncmeter.sync.retry.park-for", "2s",
                    "syncmeter.probe.enabled", "false");
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TwoSites.InjectInfra
    TwoSites.Infra infra;

    @Inject
    MeterRegistry registry;

    @Test
    void shouldParkAKeyThatKeepsFailingAndReplicateItOnceTheFaultIsGone() throws Exception {
        String key = "parked/k.txt";
        infra.s3("dc2").deleteBucket(b -> b.bucket(TwoSites.BUCKET));
        List<ConsumerRecord<String, String>> parkedRecords = new ArrayList<>();
        try (KafkaConsumer<String, String> parkingTopic =
                TopicReader.fromEnd(infra.bootstrapServers(), "syncmeter.sync-parked")) {
            infra.s3("dc1")
                    .putObject(
                            b -> b.bucket(TwoSites.BUCKET).key(key).contentType("text/plain"),
                            RequestBody.fromString("kept trying", StandardCharsets.UTF_8));
            // parked, back after 2 s, failed and parked again: it keeps coming back
            await().atMost(TIMEOUT).until(() -> {
                parkingTopic.poll(Duration.ofMillis(200)).forEach(parkedRecords::add);
                return parkedRecords.size() >= 2;
            });
        }
        assertThat(parkedRecords).extracting(ConsumerRecord::key).containsOnly(key);
        ConsumerRecord<String, String> first = parkedRecords.get(0);
        assertThat(header(first, ParkingLot.REASON_HEADER)).contains("NoSuchBucket");
        assertThat(header(first, ParkingLot.DIRECTIONS_HEADER)).isEqualTo("dc1->dc2");
        assertThat(header(first, "syncmeter-site")).isEqualTo("dc1");
        assertThat(Counters.sync(registry, MetricNames.SYNC_PARKED, "dc1", "dc2"))
                .isGreaterThanOrEqualTo(2);
        assertThat(Counters.sync(registry, MetricNames.SYNC_RETRIES, "dc1", "dc2"))
                .as("each round retried once before it was parked")
                .isGreaterThanOrEqualTo(2);

        infra.s3("dc2").createBucket(b -> b.bucket(TwoSites.BUCKET));
        await().atMost(TIMEOUT)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(infra.s3("dc2")
                                .getObjectAsBytes(b -> b.bucket(TwoSites.BUCKET).key(key))
                                .asUtf8String())
                        .isEqualTo("kept trying"));
        // replicated, it is parked no more: the count settles
        // the copy is counted once its PUT returned, a moment after the object shows at dc2
        await().atMost(TIMEOUT)
                .until(() -> Counters.sync(
                                registry, MetricNames.SYNC_OBJECTS, "dc1", "dc2", MetricNames.TAG_OUTCOME, "copied")
                        >= 1);
        double settled = Counters.sync(registry, MetricNames.SYNC_PARKED, "dc1", "dc2");
        await().during(Duration.ofSeconds(5))
                .atMost(TIMEOUT)
                .until(() -> Counters.sync(registry, MetricNames.SYNC_PARKED, "dc1", "dc2") == settled);
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        return r.headers().lastHeader(name) == null
                ? null
                : new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
