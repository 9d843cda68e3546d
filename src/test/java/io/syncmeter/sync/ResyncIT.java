package io.syncmeter.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.syncmeter.Main;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.sync.internal.CopyRules;
import io.syncmeter.sync.internal.ObjectCopier;
import io.syncmeter.testing.Counters;
import io.syncmeter.testing.TwoSites;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Full sync of pre-filled buckets against a real broker and two real S3 sites that send no
 * notifications (so only the full sync can find anything): what is missing is copied (over more than
 * one listing page, with content type and metadata), a stale copy whose original is gone is deleted, a
 * write made at the target itself is kept and copied back, nothing outside the prefixes is touched.
 * The keys are listed in several key ranges side by side, and every difference is found exactly once:
 * keys that are themselves range boundaries ({@code k-}, {@code k-0}, {@code k-1}), keys with unicode
 * (on both sides of where UTF-8 and UTF-16 order differ) and characters URLs and JSON escape.
 */
@QuarkusTest
@TestProfile(ResyncIT.OnRequestOnly.class)
@WithTestResource(TwoSites.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResyncIT {

    /** Keys under data/ only, no full sync by itself, no probes. */
    public static class OnRequestOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "syncmeter.sync.prefixes", "data/",
                    "syncmeter.sync.resync.on-start", "false",
                    "syncmeter.sync.resync.parallelism", "3",
                    "syncmeter.probe.enabled", "false");
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    // more than one listing page (1,000 keys)
    private static final int OBJECTS = 1100;
    // at or next to the boundaries the splitter finds (data/full/k-0, data/full/k-1, …), and odd characters
    private static final List<String> ODD = List.of(
            "data/full/k-",
            "data/full/k-0",
            "data/full/k-1",
            "data/full/k-1!",
            "data/full/ключ",
            "data/full/über größe.txt",
            "data/full/\uD83D\uDE00 smile",
            "data/full/\uE000private",
            "data/full/\uFFFD",
            "data/full/a+b=c&d?e#f%20 'q\"\\");
    // at dc2 with other content than at dc1
    private static final String DIFFERENT = "data/full/k-1";

    @TwoSites.InjectInfra
    TwoSites.Infra infra;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    @Order(1)
    void shouldAnswer404BeforeTheFirstRunAnd400ForWhatIsNotReplicated() {
        given().get("/api/sync/resync").then().statusCode(404);
        Response direction = given().queryParam("direction", "dc1->dc9").post("/api/sync/resync");
        assertThat(direction.statusCode()).isEqualTo(400);
        assertThat(direction.jsonPath().getString("detail"))
                .isEqualTo("direction 'dc1->dc9' is not replicated; directions: [dc1->dc2, dc2->dc1]");
        Response prefix = given().queryParam("prefix", "other/").post("/api/sync/resync");
        assertThat(prefix.statusCode()).isEqualTo(400);
        assertThat(prefix.jsonPath().getString("detail"))
                .isEqualTo("prefix 'other/' is outside the replicated prefixes [data/]");
    }

    @Test
    @Order(2)
    void shouldSyncPrefilledBucketsBothWays() {
        S3Client dc1 = infra.s3("dc1");
        S3Client dc2 = infra.s3("dc2");
        for (int i = 0; i < OBJECTS; i++) {
            put(dc1, String.format("data/full/k-%04d", i), "v" + i, "text/plain", Map.of());
        }
        for (String key : ODD) {
            put(dc1, key, "odd " + key, "text/plain", Map.of());
        }
        put(dc1, "data/full/meta.json", "{}", "application/json", Map.of("team", "storage"));
        put(dc1, "other/outside", "not replicated", "text/plain", Map.of());
        // already a copy at dc2: nothing to do
        put(dc2, "data/full/k-0005", "v5", "text/plain", Map.of());
        // an older copy of dc1's: replaced by dc1's version
        put(dc2, DIFFERENT, "older", "text/plain", copyFromDc1());
        // a copy from dc1 whose original is gone: dc1 removed it
        put(dc2, "data/full/stale-copy", "old", "text/plain", copyFromDc1());
        // written at dc2 itself: kept, and copied to dc1
        put(dc2, "data/full/dc2-own", "mine", "text/plain", Map.of());

        Response started = given().post("/api/sync/resync");
        assertThat(started.statusCode()).as(started.asString()).isEqualTo(202);
        assertThat(started.jsonPath().getString("state")).isEqualTo("RUNNING");
        String id = started.jsonPath().getString("id");
        JsonPath done = await().atMost(TIMEOUT)
                .until(() -> given().get("/api/sync/resync").jsonPath(), j -> !"RUNNING".equals(j.getString("state")));
        assertThat(done.getString("id")).isEqualTo(id);
        assertThat(done.getString("state")).as(done.prettify()).isEqualTo("DONE");
        assertThat(done.getList("prefixes")).containsExactly("data/");
        Map<String, Object> out = direction(done, "dc1", "dc2");
        int listed = OBJECTS + ODD.size() + 1;
        // all but the one copy already there and the one that differs
        int missing = listed - 2;
        assertThat(out)
                .containsEntry("listedSource", listed)
                .containsEntry("listedTarget", 4)
                .containsEntry("missing", missing)
                .containsEntry("differs", 1)
                .containsEntry("extra", 2);
        assertThat((Integer) out.get("ranges")).as("listed in several ranges").isGreaterThan(1);
        // dc2 is listed after dc1->dc2 queued its differences, which the engine is already applying:
        // dc2-own is either found missing at dc1 or already there (dc1->dc2 found dc2's copy newer than
        // dc1's absence, and the engine sent it back); stale-copy is found too unless already deleted
        Map<String, Object> back = direction(done, "dc2", "dc1");
        int alreadyBack = (Integer) back.get("listedTarget") - listed;
        assertThat(alreadyBack).as("dc1 listed with dc2-own or without").isBetween(0, 1);
        assertThat((Integer) back.get("missing") + alreadyBack)
                .as("dc2-own (missing or already back), perhaps stale-copy: " + back)
                .isBetween(1, 2);
        long found = 0;
        for (Map<String, Object> d : done.<Map<String, Object>>getList("directions")) {
            found += ((Integer) d.get("missing")) + ((Integer) d.get("differs")) + ((Integer) d.get("extra"));
        }
        assertThat(done.getLong("queued")).as("every difference queued").isEqualTo(found);
        assertThat(Counters.sync(
                        registry, MetricNames.SYNC_RESYNC_DIFFERENCES, "dc1", "dc2", MetricNames.TAG_KIND, "missing"))
                .as("each missing key found once")
                .isEqualTo(missing);
        assertThat(Counters.sync(
                        registry, MetricNames.SYNC_RESYNC_DIFFERENCES, "dc1", "dc2", MetricNames.TAG_KIND, "differs"))
                .isEqualTo(1);

        Set<String> converged = new HashSet<>(ODD);
        for (int i = 0; i < OBJECTS; i++) {
            converged.add(String.format("data/full/k-%04d", i));
        }
        converged.addAll(List.of("data/full/meta.json", "data/full/dc2-own"));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(keys(dc2)).containsExactlyInAnyOrderElementsOf(converged);
            assertThat(keys(dc1)).contains("data/full/dc2-own");
            assertThat(read(dc2, DIFFERENT)).contains("odd " + DIFFERENT);
        });
        for (String key : ODD) {
            assertThat(read(dc2, key)).as(key).contains("odd " + key);
        }
        assertThat(keys(dc2))
                .doesNotContain("data/full/stale-copy")
                .contains("data/full/dc2-own", "data/full/meta.json");
        assertThat(read(dc2, "data/full/k-1099")).contains("v1099");
        HeadObjectResponse meta = dc2.headObject(b -> b.bucket(TwoSites.BUCKET).key("data/full/meta.json"));
        assertThat(meta.contentType()).isEqualTo("application/json");
        assertThat(meta.metadata()).containsEntry("team", "storage");
        assertThat(read(dc1, "data/full/dc2-own")).contains("mine");
        assertThat(read(dc2, "data/full/dc2-own"))
                .as("kept where it was written")
                .contains("mine");
        assertThat(read(dc2, "other/outside")).as("outside the prefixes").isEmpty();
        assertThat(registry.find(MetricNames.SYNC_RESYNC_LAST_SUCCESS).gauge().value())
                .isPositive();
    }

    @Test
    @Order(3)
    void shouldFindNothingOnceConverged() {
        Response started = given().queryParam("direction", "dc1->dc2").post("/api/sync/resync");
        assertThat(started.statusCode()).isEqualTo(202);
        JsonPath done = await().atMost(TIMEOUT)
                .until(() -> given().get("/api/sync/resync").jsonPath(), j -> "DONE".equals(j.getString("state")));
        assertThat(done.getList("directions")).hasSize(1);
        assertThat(direction(done, "dc1", "dc2"))
                .containsEntry("missing", 0)
                .containsEntry("differs", 0)
                .containsEntry("extra", 0)
                .containsEntry("listedSource", OBJECTS + ODD.size() + 2)
                .containsEntry("listedTarget", OBJECTS + ODD.size() + 2);
    }

    @Test
    @Order(4)
    void shouldRunFromTheCommandLineAndSayWhyWhenRefused() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "resync",
                "--url",
                "http://127.0.0.1:" + port,
                "--direction",
                "dc2->dc1",
                "--wait");
        assertThat(status).as(err.toString()).isZero();
        JsonPath report = JsonPath.from(out.toString());
        assertThat(report.getString("state")).isEqualTo("DONE");
        assertThat(report.getString("trigger")).isEqualTo("request");
        assertThat(direction(report, "dc2", "dc1")).containsEntry("missing", 0).containsEntry("extra", 0);

        StringWriter refusedErr = new StringWriter();
        int refused = Main.run(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(refusedErr, true),
                "resync",
                "--url",
                "http://127.0.0.1:" + port,
                "--prefix",
                "other/");
        assertThat(refused).isEqualTo(1);
        assertThat(refusedErr.toString())
                .isEqualTo("resync: the service answered 400: prefix 'other/' is outside the replicated prefixes"
                        + " [data/]" + System.lineSeparator());
    }

    // the metadata of a copy the engine made from dc1 long ago
    private static Map<String, String> copyFromDc1() {
        return Map.of(
                ObjectCopier.SOURCE_SITE, "dc1",
                ObjectCopier.SOURCE_ETAG, "0123456789abcdef0123456789abcdef",
                CopyRules.ORIGIN_SITE, "dc1",
                CopyRules.ORIGIN_TIME, "2026-01-01T00:00:00Z");
    }

    private static Map<String, Object> direction(JsonPath report, String source, String target) {
        return report.getMap("directions.find { it.source == '" + source + "' && it.target == '" + target + "' }");
    }

    private static void put(S3Client s3, String key, String body, String contentType, Map<String, String> metadata) {
        s3.putObject(
                b -> b.bucket(TwoSites.BUCKET).key(key).contentType(contentType).metadata(metadata),
                RequestBody.fromString(body, StandardCharsets.UTF_8));
    }

    private static Set<String> keys(S3Client s3) {
        return s3.listObjectsV2Paginator(b -> b.bucket(TwoSites.BUCKET).prefix("data/")).contents().stream()
                .map(o -> o.key())
                .collect(Collectors.toSet());
    }

    private static Optional<String> read(S3Client s3, String key) {
        try {
            return Optional.of(
                    s3.getObjectAsBytes(b -> b.bucket(TwoSites.BUCKET).key(key)).asUtf8String());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }
}
