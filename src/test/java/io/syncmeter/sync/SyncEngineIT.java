package io.syncmeter.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.testing.TwoSites;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The sync engine against a real Kafka broker and two real S3 sites that publish their changes: objects
 * written behind syncmeter's back on one site appear on the other.
 */
@QuarkusTest
@TestProfile(SyncEngineIT.DataPrefixOnly.class)
@WithTestResource(value = TwoSites.class, initArgs = @ResourceArg(name = "notifications", value = "true"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncEngineIT {

    /** Replicates only keys under {@code data/}. */
    public static class DataPrefixOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // syncmeter.probe.enabled/collector.enabled=false belong here once those features exist;
            // until then the keys fail startup (SRCFG00050: the syncmeter root mapping knows them not)
            return Map.of("syncmeter.sync.prefixes", "data/");
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TwoSites.InjectInfra
    TwoSites.Infra infra;

    @Inject
    MeterRegistry registry;

    @Test
    @Order(1)
    void shouldCopyObjectFromDc1ToDc2WithIdenticalBytesAndMetadata() {
        String key = "data/first.txt";
        put("dc1", key, "hello from dc1", "text/markdown", Map.of("color", "blue"));

        ResponseBytes<GetObjectResponse> copy = awaitContent("dc2", key, "hello from dc1");

        ResponseBytes<GetObjectResponse> original = get("dc1", key).orElseThrow();
        assertThat(copy.asByteArray()).isEqualTo(original.asByteArray());
        assertThat(copy.response().contentType()).isEqualTo(original.response().contentType());
        assertThat(copy.response().eTag()).isEqualTo(original.response().eTag());
        assertThat(copy.response().metadata())
                .containsAllEntriesOf(original.response().metadata())
                .containsEntry("color", "blue")
                .containsEntry("syncmeter-source-site", "dc1");
    }

    @Test
    @Order(2)
    void shouldNotCopyBackAnObjectWrittenOnlyOnDc1() {
        double copiedBack = objects("dc2", "dc1", "copied");
        double unchangedBack = objects("dc2", "dc1", "unchanged");
        String key = "data/no-ping-pong.txt";
        put("dc1", key, "only dc1", "text/plain", Map.of());
        awaitContent("dc2", key, "only dc1");

        // dc2's notification of the copy is processed as dc2->dc1 and finds both sides equal
        await().atMost(TIMEOUT).until(() -> objects("dc2", "dc1", "unchanged") >= unchangedBack + 1);

        assertThat(objects("dc2", "dc1", "copied")).isEqualTo(copiedBack);
        // dc1 still holds the original, not a copy of the copy
        assertThat(get("dc1", key).orElseThrow().response().metadata()).doesNotContainKey("syncmeter-source-site");
    }

    @Test
    @Order(3)
    void shouldCopyObjectFromDc2ToDc1() {
        String key = "data/from-dc2.bin";
        double copied = objects("dc2", "dc1", "copied");
        double copiedBytes = bytes("dc2", "dc1");
        put("dc2", key, "written on dc2", "application/octet-stream", Map.of("origin", "dc2"));

        ResponseBytes<GetObjectResponse> copy = awaitContent("dc1", key, "written on dc2");

        assertThat(copy.response().metadata()).containsEntry("origin", "dc2");
        // counted just after the PUT returns
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(objects("dc2", "dc1", "copied")).isEqualTo(copied + 1);
            assertThat(bytes("dc2", "dc1")).isEqualTo(copiedBytes + "written on dc2".length());
        });
    }

    @Test
    @Order(4)
    void shouldConvergeAfterOverwritesOnEitherSite() {
        String key = "data/overwritten.txt";
        put("dc1", key, "version 1", "text/plain", Map.of());
        put("dc1", key, "version 2", "text/plain", Map.of());

        awaitContent("dc2", key, "version 2");
        assertThat(text(get("dc1", key))).isEqualTo("version 2");

        put("dc2", key, "version 3 from dc2", "text/plain", Map.of());

        awaitContent("dc1", key, "version 3 from dc2");
        assertThat(text(get("dc2", key))).isEqualTo("version 3 from dc2");
    }

    @Test
    @Order(5)
    void shouldDeleteOnDc2WhatWasDeletedOnDc1() {
        String key = "data/deleted.txt";
        put("dc1", key, "short-lived", "text/plain", Map.of());
        awaitContent("dc2", key, "short-lived");
        double deleted = objects("dc1", "dc2", "deleted");

        infra.s3("dc1").deleteObject(b -> b.bucket(TwoSites.BUCKET).key(key));

        await().atMost(TIMEOUT).until(() -> get("dc2", key).isEmpty());
        await().atMost(TIMEOUT).until(() -> objects("dc1", "dc2", "deleted") == deleted + 1);
        assertThat(get("dc1", key)).isEmpty();
    }

    @Test
    @Order(6)
    void shouldNotCopyKeysOutsideConfiguredPrefixes() {
        double filtered = objects("dc1", "dc2", "filtered");
        String key = "outside/not-replicated.txt";
        put("dc1", key, "stays on dc1", "text/plain", Map.of());

        await().atMost(TIMEOUT).until(() -> objects("dc1", "dc2", "filtered") >= filtered + 1);

        assertThat(get("dc2", key)).isEmpty();
    }

    @Test
    @Order(7)
    void shouldRejectMalformedRecordsAndKeepReplicating() throws Exception {
        String key = "data/after-bad-records.txt";
        double malformed = rejected("malformed-json");
        double invalid = rejected("invalid-event");
        double unknownSite = rejected("unknown-site");

        // same record key as the object, so these land in its partition, before its change
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", infra.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>("syncmeter.changes", key, "{this is not json"))
                    .get();
            producer.send(new ProducerRecord<>("syncmeter.changes", key, "{\"Records\":[]}"))
                    .get();
            ProducerRecord<String, String> fromNowhere = new ProducerRecord<>(
                    "syncmeter.changes",
                    key,
                    "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\""
                            + TwoSites.BUCKET + "\"},\"object\":{\"key\":\"data/x\"}}}]}");
            fromNowhere.headers().add("syncmeter-site", "dc9".getBytes(StandardCharsets.UTF_8));
            producer.send(fromNowhere).get();
        }
        put("dc1", key, "after the bad ones", "text/plain", Map.of());

        awaitContent("dc2", key, "after the bad ones");
        assertThat(rejected("malformed-json")).isEqualTo(malformed + 1);
        assertThat(rejected("invalid-event")).isEqualTo(invalid + 1);
        assertThat(rejected("unknown-site")).isEqualTo(unknownSite + 1);
    }

    @Test
    @Order(8)
    void shouldCopyInThreeRequestsAndKnowItsOwnEchoWithoutAny() {
        double requestsOut = requests("dc1", "dc2");
        double copiedOut = objects("dc1", "dc2", "copied");
        double requestsBack = requests("dc2", "dc1");
        double unchangedBack = objects("dc2", "dc1", "unchanged");
        for (int i = 0; i < 20; i++) {
            put("dc1", "data/cost-" + i, "object " + i, "text/plain", Map.of());
        }
        for (int i = 0; i < 20; i++) {
            awaitContent("dc2", "data/cost-" + i, "object " + i);
        }
        await().atMost(TIMEOUT).until(() -> objects("dc2", "dc1", "unchanged") >= unchangedBack + 20);

        // HEAD target, GET source, PUT target; the echo is known as our own write: no request
        // (the window may also hold an earlier test's straggling echo: it costs the same)
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(requests("dc1", "dc2") - requestsOut)
                        .isEqualTo(3 * (objects("dc1", "dc2", "copied") - copiedOut)));
        assertThat(requests("dc2", "dc1") - requestsBack).isZero();
        assertThat(objects("dc1", "dc2", "copied") - copiedOut).isEqualTo(20);
        Timer copies = registry.find(MetricNames.SYNC_COPY_DURATION)
                .tag(MetricNames.TAG_SOURCE_SITE, "dc1")
                .tag(MetricNames.TAG_TARGET_SITE, "dc2")
                .timer();
        assertThat(copies).isNotNull();
        assertThat(copies.count()).isGreaterThanOrEqualTo(20);
    }

    @Test
    @Order(9)
    void shouldStreamALargeObjectInPartsWithItsMetadata() {
        String key = "data/large.bin";
        byte[] body = new byte[20 * 1024 * 1024 + 12345];
        new java.util.Random(42).nextBytes(body);
        infra.s3("dc1")
                .putObject(
                        b -> b.bucket(TwoSites.BUCKET)
                                .key(key)
                                .contentType("application/x-large")
                                .metadata(Map.of("size", "large")),
                        RequestBody.fromBytes(body));

        ResponseBytes<GetObjectResponse> copy = await().atMost(TIMEOUT)
                .until(() -> get("dc2", key), Optional::isPresent)
                .orElseThrow();

        assertThat(copy.asByteArray()).isEqualTo(body);
        assertThat(copy.response().contentType()).isEqualTo("application/x-large");
        assertThat(copy.response().metadata())
                .containsEntry("size", "large")
                .containsEntry("syncmeter-source-site", "dc1");
        assertThat(copy.response().eTag()).as("a multipart upload's ETag").contains("-3");
        // the copy's own notification, whose ETag is not the source's, still ends without a copy back
        double copiedBack = objects("dc2", "dc1", "copied");
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(
                                get("dc1", key).orElseThrow().response().metadata())
                        .doesNotContainKey("syncmeter-source-site"));
        assertThat(objects("dc2", "dc1", "copied")).isEqualTo(copiedBack);
    }

    @Test
    @Order(10)
    void shouldKeepTheNewerVersionOfAConflictAndSendItBack() {
        String key = "data/conflict.txt";
        put("dc2", key, "newer, from dc2", "text/plain", Map.of());
        awaitContent("dc1", key, "newer, from dc2");
        double superseded = objects("dc1", "dc2", "superseded");

        // a write at dc1 whose version is older than dc2's (as from a site whose clock is far behind)
        put(
                "dc1",
                key,
                "older, from dc1",
                "text/plain",
                Map.of("syncmeter-origin-site", "dc1", "syncmeter-origin-time", "2000-01-01T00:00:00Z"));

        // dc2 keeps its version, and sends it back over the older one at dc1
        awaitContent("dc1", key, "newer, from dc2");
        await().atMost(TIMEOUT).until(() -> objects("dc1", "dc2", "superseded") >= superseded + 1);
        assertThat(text(get("dc2", key))).isEqualTo("newer, from dc2");
    }

    @Test
    @Order(11)
    void shouldCountTheChangesTakenAndNotYetAppliedAsBacklog() {
        assertThat(backlog("dc1", "dc2"))
                .as("nothing waits after the earlier tests")
                .isZero();
        AtomicLong highest = new AtomicLong();
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
        try {
            watch.scheduleAtFixedRate(
                    () -> highest.accumulateAndGet((long) backlog("dc1", "dc2"), Math::max),
                    0,
                    5,
                    TimeUnit.MILLISECONDS);
            for (int i = 0; i < 150; i++) {
                put("dc1", "data/backlog/" + i, "burst " + i, "text/plain", Map.of());
            }
            awaitContent("dc2", "data/backlog/149", "burst 149");
            await().atMost(TIMEOUT).until(() -> backlog("dc1", "dc2") == 0 && backlog("dc2", "dc1") == 0);
        } finally {
            watch.shutdownNow();
        }
        assertThat(highest.get()).as("the burst waited at some point").isPositive();
        for (int i = 0; i < 150; i++) {
            assertThat(text(get("dc2", "data/backlog/" + i))).isEqualTo("burst " + i);
        }
    }

    private double backlog(String source, String target) {
        return registry.find(MetricNames.SYNC_BACKLOG)
                .tag(MetricNames.TAG_SOURCE_SITE, source)
                .tag(MetricNames.TAG_TARGET_SITE, target)
                .gauge()
                .value();
    }

    private void put(String site, String key, String body, String contentType, Map<String, String> metadata) {
        infra.s3(site)
                .putObject(
                        b -> b.bucket(TwoSites.BUCKET)
                                .key(key)
                                .contentType(contentType)
                                .metadata(metadata),
                        RequestBody.fromString(body, StandardCharsets.UTF_8));
    }

    private Optional<ResponseBytes<GetObjectResponse>> get(String site, String key) {
        S3Client s3 = infra.s3(site);
        try {
            return Optional.of(
                    s3.getObjectAsBytes(b -> b.bucket(TwoSites.BUCKET).key(key)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private ResponseBytes<GetObjectResponse> awaitContent(String site, String key, String body) {
        return await().atMost(TIMEOUT)
                .until(() -> get(site, key), o -> o.isPresent() && body.equals(text(o)))
                .orElseThrow();
    }

    private static String text(Optional<ResponseBytes<GetObjectResponse>> object) {
        return object.map(ResponseBytes::asUtf8String).orElse(null);
    }

    private double objects(String source, String target, String outcome) {
        return count(registry.find(MetricNames.SYNC_OBJECTS)
                .tag(MetricNames.TAG_SOURCE_SITE, source)
                .tag(MetricNames.TAG_TARGET_SITE, target)
                .tag(MetricNames.TAG_OUTCOME, outcome)
                .counter());
    }

    private double bytes(String source, String target) {
        return count(registry.find(MetricNames.SYNC_BYTES)
                .tag(MetricNames.TAG_SOURCE_SITE, source)
                .tag(MetricNames.TAG_TARGET_SITE, target)
                .counter());
    }

    private double requests(String source, String target) {
        return count(registry.find(MetricNames.SYNC_REQUESTS)
                .tag(MetricNames.TAG_SOURCE_SITE, source)
                .tag(MetricNames.TAG_TARGET_SITE, target)
                .counter());
    }

    private double rejected(String reason) {
        return count(registry.find(MetricNames.EVENTS_REJECTED)
                .tag(MetricNames.TAG_TOPIC, "syncmeter.changes")
                .tag(MetricNames.TAG_REASON, reason)
                .counter());
    }

    private static double count(Counter counter) {
        return counter == null ? 0 : counter.count();
    }
}
