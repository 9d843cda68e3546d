package io.syncmeter.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.syncmeter.changes.ChangeRecords;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.sync.ChangeIntake;
import io.syncmeter.testing.Counters;
import io.syncmeter.testing.TopicReader;
import io.syncmeter.testing.TwoSites;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The webhook intake against a real broker, two real S3 sites that publish nothing themselves, and
 * the engine: what a site pushes to {@code POST /api/sync/changes} is replicated, one change-topic
 * record per notification record keyed by object key; an unusable body is a 400 problem, counted,
 * and writes nothing.
 */
@QuarkusTest
@WithTestResource(TwoSites.class)
class ChangeIntakeIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TwoSites.InjectInfra
    TwoSites.Infra infra;

    @Inject
    MeterRegistry registry;

    private static String rgwRecord(String key, String etag) {
        return rgwRecord(key, etag, "2026-12-01T10:00:00.000000Z");
    }

    // a notification as Ceph RGW pushes it over HTTP (eventVersion 2.2, eventSource ceph:s3); RGW
    // writes the time 0.000000 where it has none (a multipart completion, a PUT that raced another)
    private static String rgwRecord(String key, String etag, String eventTime) {
        return """
                {"eventVersion":"2.2","eventSource":"ceph:s3","awsRegion":"us-east-1",
                 "eventTime":"%s","eventName":"ObjectCreated:Put",
                 "userIdentity":{"principalId":"syncmeter"},"requestParameters":{"sourceIPAddress":""},
                 "responseElements":{"x-amz-request-id":"r","x-amz-id-2":"i"},
                 "s3":{"s3SchemaVersion":"1.0","configurationId":"engine",
                       "bucket":{"name":"%s","ownerIdentity":{"principalId":"syncmeter"},"arn":"arn:aws:s3:::%s","id":"b"},
                       "object":{"key":"%s","size":5,"eTag":"%s","versionId":"","sequencer":"01","metadata":[],"tags":[]}},
                 "eventId":"e","opaqueData":""}
                """.formatted(eventTime, TwoSites.BUCKET, TwoSites.BUCKET, key, etag);
    }

    private static String body(String... records) {
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    private String put(String site, String key, String text) {
        return infra.s3(site)
                .putObject(
                        b -> b.bucket(TwoSites.BUCKET).key(key), RequestBody.fromString(text, StandardCharsets.UTF_8))
                .eTag()
                .replace("\"", "");
    }

    private String read(String site, String key) {
        try {
            return infra.s3(site)
                    .getObjectAsBytes(b -> b.bucket(TwoSites.BUCKET).key(key))
                    .asUtf8String();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    private static Response push(String site, String body) {
        return given().contentType("application/json")
                .queryParam("site", site)
                .body(body)
                .post("/api/sync/changes");
    }

    @Test
    void shouldReplicateWhatASitePushesKeyedByObjectKey() throws Exception {
        String one = "pushed/one.txt";
        String two = "pushed/dir/two words.txt";
        String e1 = put("dc1", one, "first");
        String e2 = put("dc1", two, "other");
        double received = Counters.count(registry, MetricNames.SYNC_INTAKE_CHANGES, MetricNames.TAG_SOURCE_SITE, "dc1");
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> topic = TopicReader.fromEnd(infra.bootstrapServers(), "syncmeter.changes")) {
            Response response = push(
                    "dc1",
                    body(rgwRecord("pushed/one.txt", e1), rgwRecord("pushed/dir/two+words.txt", e2, "0.000000")));
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
            assertThat(response.jsonPath().getInt("accepted")).isEqualTo(2);
            await().atMost(TIMEOUT).until(() -> {
                topic.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.size() >= 2;
            });
        }
        assertThat(seen).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(one, two);
        for (ConsumerRecord<String, String> r : seen) {
            Header site = r.headers().lastHeader(ChangeRecords.SITE_HEADER);
            assertThat(new String(site.value(), StandardCharsets.UTF_8)).isEqualTo("dc1");
            assertThat(r.value()).as("one notification record per topic record").containsOnlyOnce("eventName");
        }
        await().atMost(TIMEOUT).until(() -> "first".equals(read("dc2", one)) && "other".equals(read("dc2", two)));
        assertThat(Counters.count(registry, MetricNames.SYNC_INTAKE_CHANGES, MetricNames.TAG_SOURCE_SITE, "dc1"))
                .isEqualTo(received + 2);
    }

    @Test
    void shouldRefuseAnUnusableBodyWithAProblemAndWriteNothing() throws Exception {
        String good = "pushed/in-a-bad-body.txt";
        String etag = put("dc1", good, "never announced");
        double malformed = rejected("malformed-json");
        double invalid = rejected("invalid-event");
        double unknownSite = rejected("unknown-site");
        try (KafkaConsumer<String, String> topic = TopicReader.fromEnd(infra.bootstrapServers(), "syncmeter.changes")) {
            Response notJson = push("dc1", "{this is not json");
            assertThat(notJson.statusCode()).isEqualTo(400);
            assertThat(notJson.contentType()).startsWith(Problem.MEDIA_TYPE);
            assertThat(notJson.jsonPath().getString("detail")).startsWith("malformed-json: ");

            // one usable record beside one without a key: refused whole
            Response partly = push("dc1", body(rgwRecord(good, etag), rgwRecord("", etag)));
            assertThat(partly.statusCode()).isEqualTo(400);
            assertThat(partly.jsonPath().getString("detail")).isEqualTo("invalid-event: Records[1]: no s3.object.key");

            Response nowhere = push("dc9", body(rgwRecord(good, etag)));
            assertThat(nowhere.statusCode()).isEqualTo(400);
            assertThat(nowhere.jsonPath().getString("detail"))
                    .isEqualTo("unknown-site: site 'dc9' is not configured; sites: dc1, dc2");

            // both sites have this bucket: without ?site= the record's site cannot be told
            Response ambiguous = push(null, body(rgwRecord(good, etag)));
            assertThat(ambiguous.statusCode()).isEqualTo(400);
            assertThat(ambiguous.jsonPath().getString("detail")).startsWith("unknown-site: Records[0]: ");

            Response empty = push("dc1", "");
            assertThat(empty.statusCode()).isEqualTo(400);

            // a marker after them: once it is on the topic, anything the refused bodies wrote would be too
            String marker = "pushed/marker.txt";
            assertThat(push("dc1", body(rgwRecord(marker, put("dc1", marker, "m"))))
                            .statusCode())
                    .isEqualTo(202);
            List<String> keys = new ArrayList<>();
            await().atMost(TIMEOUT).until(() -> {
                topic.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
                return keys.contains(marker);
            });
            assertThat(keys).containsExactly(marker);
        }
        assertThat(rejected("malformed-json")).isEqualTo(malformed + 2);
        assertThat(rejected("invalid-event")).isEqualTo(invalid + 1);
        assertThat(rejected("unknown-site")).isEqualTo(unknownSite + 2);
        await().atMost(TIMEOUT).until(() -> "m".equals(read("dc2", "pushed/marker.txt")));
        assertThat(read("dc2", good)).as("announced only in a refused body").isNull();
    }

    private double rejected(String reason) {
        return Counters.count(
                registry,
                MetricNames.EVENTS_REJECTED,
                MetricNames.TAG_TOPIC,
                ChangeIntake.SOURCE,
                MetricNames.TAG_REASON,
                reason);
    }
}
