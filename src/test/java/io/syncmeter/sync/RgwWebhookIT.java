package io.syncmeter.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.testing.Counters;
import io.syncmeter.testing.RgwMultisite;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
