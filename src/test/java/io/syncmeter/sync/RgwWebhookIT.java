package io.syncmeter.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.site.Site;
import io.syncmeter.sync.internal.ConditionalWrites;
import io.syncmeter.sync.internal.CopyRules;
import io.syncmeter.sync.internal.Fence;
import io.syncmeter.sync.internal.ObjectChange;
import io.syncmeter.sync.internal.ObjectCopier;
import io.syncmeter.testing.Counters;
import io.syncmeter.testing.RgwMultisite;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The webhook path against a real Ceph RGW: two buckets that RGW does not replicate into each other
 * (one per zone), each zone pushing its bucket notifications over HTTP to syncmeter's intake, and the
 * engine replicating between them in both directions — writes, overwrites with metadata, deletes —
 * without sending its own copies back (RGW notifies the engine's writes too).
 */
@QuarkusTest
@WithTestResource(value = RgwMultisite.class, initArgs = @ResourceArg(name = "engine", value = "true"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RgwWebhookIT {

    // RGW Pacific's first bucket on a fresh zone takes seconds; notifications come within milliseconds
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RgwMultisite.InjectRgw
    RgwMultisite.Rgw rgw;

    @TestHTTPResource("/api/sync/changes")
    URL intake;

    @Inject
    MeterRegistry registry;

    // the metadata of a copy the engine made from dc1 in 2020: any version written at dc1 now is newer
    private static final Map<String, String> OLD_COPY_FROM_DC1 = Map.of(
            CopyRules.ORIGIN_SITE, "dc1",
            CopyRules.ORIGIN_TIME, "2020-01-01T00:00:00Z",
            ObjectCopier.SOURCE_SITE, "dc1",
            ObjectCopier.SOURCE_ETAG, "0");

    @Test
    @Order(1)
    void shouldReplicateWhatEachZonePushesToTheIntake() {
        notifyIntake("dc1", RgwMultisite.ENGINE_BUCKET_DC1);
        notifyIntake("dc2", RgwMultisite.ENGINE_BUCKET_DC2);
        S3Client dc1 = rgw.s3("dc1");
        S3Client dc2 = rgw.s3("dc2");

        put(dc1, RgwMultisite.ENGINE_BUCKET_DC1, "webhook/a.txt", "from dc1", Map.of("owner", "team-a"));
        await().atMost(TIMEOUT)
                .until(() -> read(dc2, RgwMultisite.ENGINE_BUCKET_DC2, "webhook/a.txt")
                        .equals(Optional.of("from dc1")));
        assertThat(dc2.headObject(b -> b.bucket(RgwMultisite.ENGINE_BUCKET_DC2).key("webhook/a.txt"))
                        .metadata())
                .containsEntry("owner", "team-a");

        put(dc2, RgwMultisite.ENGINE_BUCKET_DC2, "webhook/b.txt", "from dc2", Map.of());
        await().atMost(TIMEOUT)
                .until(() -> read(dc1, RgwMultisite.ENGINE_BUCKET_DC1, "webhook/b.txt")
                        .equals(Optional.of("from dc2")));

        // an overwrite at dc2 of what came from dc1, then a delete at dc1 of what came from dc2
        put(dc2, RgwMultisite.ENGINE_BUCKET_DC2, "webhook/a.txt", "overwritten at dc2", Map.of());
        await().atMost(TIMEOUT)
                .until(() -> read(dc1, RgwMultisite.ENGINE_BUCKET_DC1, "webhook/a.txt")
                        .equals(Optional.of("overwritten at dc2")));
        dc1.deleteObject(b -> b.bucket(RgwMultisite.ENGINE_BUCKET_DC1).key("webhook/b.txt"));
        await().atMost(TIMEOUT)
                .until(() -> read(dc2, RgwMultisite.ENGINE_BUCKET_DC2, "webhook/b.txt")
                        .isEmpty());

        assertThat(Counters.count(registry, MetricNames.SYNC_INTAKE_CHANGES, MetricNames.TAG_SOURCE_SITE, "dc1"))
                .as("changes pushed by zone dc1")
                .isGreaterThanOrEqualTo(2);
        assertThat(Counters.count(registry, MetricNames.SYNC_INTAKE_CHANGES, MetricNames.TAG_SOURCE_SITE, "dc2"))
                .as("changes pushed by zone dc2")
                .isGreaterThanOrEqualTo(2);
        // every copy the engine wrote was notified back to it, and known as its own
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(Counters.sync(
                                        registry,
                                        MetricNames.SYNC_OBJECTS,
                                        "dc1",
                                        "dc2",
                                        MetricNames.TAG_OUTCOME,
                                        "copied")
                                + Counters.sync(
                                        registry,
                                        MetricNames.SYNC_OBJECTS,
                                        "dc2",
                                        "dc1",
                                        MetricNames.TAG_OUTCOME,
                                        "copied"))
                        .isEqualTo(3));
        assertThat(Counters.sync(registry, MetricNames.SYNC_OBJECTS, "dc1", "dc2", MetricNames.TAG_OUTCOME, "deleted"))
                .isEqualTo(1);
        assertThat(read(dc1, RgwMultisite.ENGINE_BUCKET_DC1, "webhook/a.txt")).contains("overwritten at dc2");
        assertThat(read(dc2, RgwMultisite.ENGINE_BUCKET_DC2, "webhook/a.txt")).contains("overwritten at dc2");
    }

    @Test
    @Order(2)
    void shouldFindThatRgwHonoursConditionalWritesAndCopyUnderThem() {
        // the engine found at start that RGW honours conditional writes: a fresh key it replicates costs
        // it two requests, the GET of the source and a create-only PUT (three without: HEAD, GET, PUT)
        S3Client dc1 = rgw.s3("dc1");
        double copied =
                Counters.sync(registry, MetricNames.SYNC_OBJECTS, "dc1", "dc2", MetricNames.TAG_OUTCOME, "copied");
        double requests = Counters.sync(registry, MetricNames.SYNC_REQUESTS, "dc1", "dc2");
        put(dc1, RgwMultisite.ENGINE_BUCKET_DC1, "webhook/conditional.txt", "fresh", Map.of());
        await().atMost(TIMEOUT)
                .until(() -> Counters.sync(
                                registry, MetricNames.SYNC_OBJECTS, "dc1", "dc2", MetricNames.TAG_OUTCOME, "copied")
                        == copied + 1);
        assertThat(Counters.sync(registry, MetricNames.SYNC_REQUESTS, "dc1", "dc2") - requests)
                .as("requests of the engine's copy")
                .isEqualTo(2.0);
        assertThat(read(rgw.s3("dc2"), RgwMultisite.ENGINE_BUCKET_DC2, "webhook/conditional.txt"))
                .contains("fresh");
        // RGW notifies the PUTs it refused too (the overwrite of the first test's copy at dc1 was one),
        // with the time 0.000000: taken as a change of unknown time, not set aside as malformed
        assertThat(Counters.count(
                        registry,
                        MetricNames.EVENTS_REJECTED,
                        MetricNames.TAG_TOPIC,
                        ChangeIntake.SOURCE,
                        MetricNames.TAG_REASON,
                        "malformed-json"))
                .as("notifications the intake refused as malformed")
                .isZero();
        // two buckets of zone dc1 without notifications: the running engine does not touch them
        S3Client s3 = rgw.s3("dc1");
        for (String bucket : List.of("cond-src", "cond-tgt")) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        Site source = new Site("dc1", Optional.empty(), "cond-src", s3);
        Site target = new Site("dc2", Optional.empty(), "cond-tgt", s3);
        ConditionalWrites.Finding found = ConditionalWrites.check(target);
        assertThat(found.form()).as(found.reason()).isEqualTo(ConditionalWrites.Form.UNQUOTED);
        ObjectCopier copier = new ObjectCopier(site -> ConditionalWrites.Form.UNQUOTED);

        // a fresh copy: GET of the source and a create-only PUT, no HEAD
        put(s3, "cond-src", "fresh", "v1", Map.of());
        ObjectCopier.Result fresh = sync(copier, source, target, "fresh", Fence.NONE);
        assertThat(fresh.outcome()).isEqualTo(ObjectCopier.Outcome.COPIED);
        assertThat(fresh.requests()).isEqualTo(2);
        assertThat(read(s3, "cond-tgt", "fresh")).contains("v1");

        // an overwrite: the create-only PUT is refused, the target read, the copy sent again under
        // If-Match (4 requests), or, when the target's copy is of the same second, the source read again
        // after the target first (5)
        put(s3, "cond-src", "fresh", "v2", Map.of());
        ObjectCopier.Result overwrite = sync(copier, source, target, "fresh", Fence.NONE);
        assertThat(overwrite.outcome()).isEqualTo(ObjectCopier.Outcome.COPIED);
        assertThat(overwrite.requests()).isBetween(4, 5);
        assertThat(overwrite.conflicts()).isZero();
        assertThat(read(s3, "cond-tgt", "fresh")).contains("v2");

        // a worker that read v3, then stood still while the shard's new owner copied the newer v4: its
        // create-only PUT is refused, and what it then reads is v4, already at the target
        put(s3, "cond-src", "raced", "v3", Map.of());
        ObjectCopier.Result raced = sync(
                copier,
                source,
                target,
                "raced",
                racing(0, () -> newOwnerCopies(copier, source, target, "raced", "v4")));
        assertThat(raced.outcome()).isEqualTo(ObjectCopier.Outcome.UNCHANGED);
        assertThat(read(s3, "cond-tgt", "raced")).as("the newer version stays").contains("v4");

        // the same race at the PUT under If-Match: the target held an old copy, the worker read v5, and
        // the new owner copied v6 before the worker's PUT landed: refused, read again, nothing written
        s3.putObject(
                b -> b.bucket("cond-tgt").key("raced-match").metadata(OLD_COPY_FROM_DC1),
                RequestBody.fromString("old", StandardCharsets.UTF_8));
        put(s3, "cond-src", "raced-match", "v5", Map.of());
        ObjectCopier.Result matched = sync(
                copier,
                source,
                target,
                "raced-match",
                racing(1, () -> newOwnerCopies(copier, source, target, "raced-match", "v6")));
        assertThat(matched.conflicts()).as("the PUT under If-Match was refused").isEqualTo(1);
        assertThat(matched.outcome()).isEqualTo(ObjectCopier.Outcome.UNCHANGED);
        assertThat(read(s3, "cond-tgt", "raced-match"))
                .as("the newer version stays")
                .contains("v6");
    }

    @Test
    @Order(3)
    void shouldReadTheTargetFirstWhileMostWritesOverwrite() {
        S3Client s3 = rgw.s3("dc1");
        for (String bucket : List.of("over-src", "over-tgt")) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        Site source = new Site("dc1", Optional.empty(), "over-src", s3);
        Site target = new Site("dc2", Optional.empty(), "over-tgt", s3);
        ObjectCopier copier = new ObjectCopier(site -> ConditionalWrites.Form.UNQUOTED);

        // overwrites only: a refused create-only PUT, the HEAD, the PUT under If-Match (4 or 5 requests),
        // until most recent writes are known to overwrite; then HEAD, GET and a conditional PUT (3)
        List<Integer> overwrites = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String key = "overwrite-" + i;
            // an old copy from dc1: the source's version is newer
            put(s3, "over-tgt", key, "old", OLD_COPY_FROM_DC1);
            put(s3, "over-src", key, "new " + i, Map.of());
            ObjectCopier.Result r = sync(copier, source, target, key, Fence.NONE);
            assertThat(r.outcome()).isEqualTo(ObjectCopier.Outcome.COPIED);
            assertThat(read(s3, "over-tgt", key)).contains("new " + i);
            overwrites.add(r.requests());
        }
        assertThat(overwrites.get(0))
                .as("requests per overwrite: %s", overwrites)
                .isBetween(4, 5);
        assertThat(overwrites.subList(12, 16))
                .as("requests per overwrite: %s", overwrites)
                .containsOnly(3);

        // new keys only: HEAD first (3) until most recent writes are known to be new; then GET and a
        // create-only PUT (2)
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String key = "fresh-" + i;
            put(s3, "over-src", key, "fresh " + i, Map.of());
            ObjectCopier.Result r = sync(copier, source, target, key, Fence.NONE);
            assertThat(r.outcome()).isEqualTo(ObjectCopier.Outcome.COPIED);
            fresh.add(r.requests());
        }
        assertThat(fresh.get(0)).as("requests per new key: %s", fresh).isEqualTo(3);
        assertThat(fresh.subList(12, 16)).as("requests per new key: %s", fresh).containsOnly(2);
    }

    // the shard's new owner: a newer version written at the source, and copied to the target
    private static void newOwnerCopies(ObjectCopier copier, Site source, Site target, String key, String newer) {
        put(source.s3(), source.bucket(), key, newer, Map.of());
        assertThat(sync(copier, source, target, key, Fence.NONE).outcome()).isEqualTo(ObjectCopier.Outcome.COPIED);
    }

    // a fence that lets every write through but runs the race just before write number {@code at}
    // (from 0), and says afterwards that the shard moved
    private static Fence racing(int at, Runnable race) {
        AtomicInteger checks = new AtomicInteger();
        return new Fence() {
            @Override
            public void check() {
                if (checks.getAndIncrement() == at) {
                    race.run();
                }
            }

            @Override
            public boolean held() {
                return false;
            }
        };
    }

    private static ObjectCopier.Result sync(ObjectCopier copier, Site source, Site target, String key, Fence fence) {
        return copier.sync(
                source,
                target,
                new ObjectChange(source.name(), source.bucket(), key, ObjectChange.Kind.CREATED),
                site -> false,
                false,
                (site, etag) -> {},
                fence);
    }

    // a topic at the zone whose push endpoint is the intake, and the bucket's notifications sent to it
    private void notifyIntake(String zone, String bucket) {
        String endpoint = rgw.env().get("RGW_" + zone.toUpperCase() + "_ENDPOINT");
        try (SnsClient sns = SnsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        rgw.env().get("RGW_ACCESS_KEY"), rgw.env().get("RGW_SECRET_KEY"))))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            String arn = sns.createTopic(b ->
                            b.name("syncmeter-" + zone).attributes(Map.of("push-endpoint", intake + "?site=" + zone)))
                    .topicArn();
            rgw.s3(zone)
                    .putBucketNotificationConfiguration(b -> b.bucket(bucket)
                            .notificationConfiguration(n -> n.topicConfigurations(t -> t.id("syncmeter")
                                    .topicArn(arn)
                                    .events(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED))));
        }
    }

    // the intake on the loopback address the application binds (never a name that may resolve to ::1)
    private String pushEndpoint(String zone) {
        return "http://127.0.0.1:" + intake.getPort() + intake.getPath() + "?site=" + zone;
    }

    private static void put(S3Client s3, String bucket, String key, String body, Map<String, String> metadata) {
        s3.putObject(
                b -> b.bucket(bucket).key(key).contentType("text/plain").metadata(metadata),
                RequestBody.fromString(body, StandardCharsets.UTF_8));
    }

    private static Optional<String> read(S3Client s3, String bucket, String key) {
        try {
            return Optional.of(
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }
}
