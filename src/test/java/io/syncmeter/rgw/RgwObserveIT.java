package io.syncmeter.rgw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.syncmeter.testing.RgwMultisite;
import io.syncmeter.testing.Scrape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Observe mode against a real Ceph RGW multisite: the sync engine is off and RGW replicates by
 * itself; probes and the collector measure it in both directions. Waits are bounded but generous:
 * RGW Pacific's idle sync shards wait up to 20 s for their next poll.
 */
@QuarkusTest
@TestProfile(RgwObserveIT.Profile.class)
@WithTestResource(RgwMultisite.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RgwObserveIT {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "syncmeter.probe.profile", "it-rgw",
                    "syncmeter.collector.report-interval", "2s",
                    "syncmeter.collector.straggler-after", "2s",
                    "syncmeter.collector.straggler-poll-interval", "1s");
        }
    }

    private static final Duration REPLICATION = Duration.ofSeconds(120);

    @RgwMultisite.InjectRgw
    RgwMultisite.Rgw rgw;

    @Test
    @Order(1)
    void shouldMeasureRgwReplicationLagInBothDirections() {
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    String m = Scrape.metrics();
                    assertThat(lagCount(m, "dc1", "dc2"))
                            .as("dc1->dc2 lag samples")
                            .isGreaterThanOrEqualTo(20);
                    assertThat(lagCount(m, "dc2", "dc1"))
                            .as("dc2->dc1 lag samples")
                            .isGreaterThanOrEqualTo(20);
                });
        String m = Scrape.metrics();
        assertThat(outcome(m, "dc1", "dc2", "corrupt") + outcome(m, "dc2", "dc1", "corrupt"))
                .isZero();
    }

    @Test
    @Order(2)
    void shouldExportRgwSyncStateBesideTheLag() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    String m = Scrape.metrics();
                    for (String[] d : new String[][] {{"dc1", "dc2"}, {"dc2", "dc1"}}) {
                        Map<String, String> pair = Map.of("zone", d[0], "source_zone", d[1]);
                        assertThat(Scrape.value(m, "syncmeter_rgw_sync_behind_shards", pair))
                                .as("shards of %s behind %s", d[0], d[1])
                                .isBetween(0.0, 128.0);
                        assertThat(Scrape.value(m, "syncmeter_rgw_sync_oldest_change_age_seconds", pair))
                                .isGreaterThanOrEqualTo(0.0);
                        assertThat(Scrape.value(m, "syncmeter_rgw_sync_errors", pair))
                                .isGreaterThanOrEqualTo(0.0);
                        assertThat(Scrape.value(m, "syncmeter_rgw_sync_fetch_bytes", pair))
                                .as("bytes %s fetched from %s", d[0], d[1])
                                .isPositive();
                        assertThat(Scrape.value(m, "syncmeter_rgw_sync_gateways", Map.of("zone", d[0])))
                                .as("gateways of %s running the sync", d[0])
                                .isEqualTo(1.0);
                    }
                });
    }

    @Test
    @Order(3)
    void shouldSeeDeletesAndMultipartObjectsReachTheOtherZone() {
        String key = "it-observe/deleted";
        rgw.s3("dc1").putObject(b -> b.bucket(RgwMultisite.BUCKET).key(key), RequestBody.fromString("soon gone"));
        await().atMost(REPLICATION).ignoreExceptions().until(() -> head("dc2", key) != null);
        rgw.s3("dc1").deleteObject(b -> b.bucket(RgwMultisite.BUCKET).key(key));
        await().atMost(REPLICATION)
                .untilAsserted(() -> assertThatThrownBy(() -> head("dc2", key)).isInstanceOf(NoSuchKeyException.class));

        // multipart, written on the secondary zone
        String big = "it-observe/multipart";
        String upload = rgw.s3("dc2")
                .createMultipartUpload(b -> b.bucket(RgwMultisite.BUCKET).key(big))
                .uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        Random random = new Random(42);
        for (int n = 1; n <= 3; n++) {
            byte[] part = new byte[5 * 1024 * 1024];
            random.nextBytes(part);
            int number = n;
            String etag = rgw.s3("dc2")
                    .uploadPart(
                            b -> b.bucket(RgwMultisite.BUCKET)
                                    .key(big)
                                    .uploadId(upload)
                                    .partNumber(number),
                            RequestBody.fromBytes(part))
                    .eTag();
            parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
        }
        rgw.s3("dc2")
                .completeMultipartUpload(b ->
                        b.bucket(RgwMultisite.BUCKET).key(big).uploadId(upload).multipartUpload(u -> u.parts(parts)));
        HeadObjectResponse source = head("dc2", big);
        await().atMost(REPLICATION).ignoreExceptions().untilAsserted(() -> {
            HeadObjectResponse copy = head("dc1", big);
            assertThat(copy.contentLength()).isEqualTo(source.contentLength());
            assertThat(copy.eTag()).isEqualTo(source.eTag());
        });
    }

    @Test
    @Order(4)
    void shouldCountLateThenMissingWhileAGatewayIsDownAndRecoverWhenItIsBack() {
        String m0 = Scrape.metrics();
        double late0 = outcome(m0, "dc1", "dc2", "late");
        double missing0 = outcome(m0, "dc1", "dc2", "missing");
        rgw.script("stop-gateway", "dc2");
        try {
            // dc2 pulls from dc1: with its gateway down nothing arrives there, and after the
            // give-up time (25 s) the oldest probes of the outage are missing
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> outcome(Scrape.metrics(), "dc1", "dc2", "missing") > missing0);
        } finally {
            rgw.script("start-gateway", "dc2");
        }
        // probes of the outage's last 25 s arrive after the restart: late; then fresh ones again
        await().atMost(REPLICATION)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> outcome(Scrape.metrics(), "dc1", "dc2", "late") > late0);
        double replicated = outcome(Scrape.metrics(), "dc1", "dc2", "replicated");
        await().atMost(REPLICATION)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> outcome(Scrape.metrics(), "dc1", "dc2", "replicated") >= replicated + 10);
    }

    private HeadObjectResponse head(String zone, String key) {
        return rgw.s3(zone).headObject(b -> b.bucket(RgwMultisite.BUCKET).key(key));
    }

    private static double lagCount(String metrics, String source, String target) {
        return Scrape.value(
                metrics,
                "syncmeter_replication_lag_seconds_count",
                Map.of("source_site", source, "target_site", target));
    }

    private static double outcome(String metrics, String source, String target, String outcome) {
        return Scrape.value(
                metrics,
                "syncmeter_replication_objects_total",
                Map.of("source_site", source, "target_site", target, "outcome", outcome));
    }
}
