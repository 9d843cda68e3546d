package io.syncmeter.rgw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.syncmeter.testing.LagSamples;
import io.syncmeter.testing.ProbeObjects;
import io.syncmeter.testing.RgwMultisite;
import io.syncmeter.testing.Scrape;
import io.syncmeter.testing.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/**
 * The probe lifecycle against a real Ceph RGW multisite, which implements bucket lifecycle
 * configuration and replicates deletes by itself: syncmeter's expiration rule is installed beside a
 * rule of someone else's, which survives; and resolved probes are deleted at both zones while RGW
 * replicates those deletes, so the probe objects stay few.
 *
 * <p>The zones share one bucket, whose lifecycle configuration is metadata RGW syncs from the master
 * zone; the rule is installed at the master only (a secondary can read a stale configuration, and
 * its writes are forwarded to the master), as the README advises.
 */
@QuarkusTest
@TestProfile(RgwLifecycleIT.Profile.class)
@WithTestResource(RgwMultisite.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RgwLifecycleIT {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "syncmeter.probe.profile", "it-rgw",
                    "syncmeter.collector.straggler-after", "2s",
                    "syncmeter.collector.straggler-poll-interval", "1s",
                    "syncmeter.lifecycle.grace", "2s",
                    "syncmeter.lifecycle.delete-interval", "1s",
                    "syncmeter.lifecycle.sweep-interval", "3s",
                    "syncmeter.lifecycle.bucket-rule.enabled", "true",
                    "syncmeter.lifecycle.bucket-rule.sites", "dc1");
        }
    }

    private static final String RULE_ID = "syncmeter-probe-expiration";
    private static final String PROBE_ROOT = "it-rgw-probes/";
    private static final Duration RGW = Duration.ofSeconds(120);
    private static final List<String> ZONES = List.of("dc1", "dc2");

    @RgwMultisite.InjectRgw
    RgwMultisite.Rgw rgw;

    @Test
    @Order(1)
    void shouldInstallTheExpirationRuleBesideAForeignRuleThatSurvives() {
        await().atMost(RGW).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            String m = Scrape.metrics();
            assertThat(Scrape.value(m, "syncmeter_probe_bucket_rule", Map.of("site", "dc1", "state", "installed")))
                    .as("rule installed at the master zone")
                    .isEqualTo(1.0);
            assertThat(Scrape.value(m, "syncmeter_probe_bucket_rule", Map.of("site", "dc2", "state", "off")))
                    .as("rule not written at the secondary zone")
                    .isEqualTo(1.0);
        });

        // someone else's configuration, written at the master zone, without our rule
        LifecycleRule logs = LifecycleRule.builder()
                .id("team-logs-expiration")
                .status(ExpirationStatus.ENABLED)
                .filter(f -> f.prefix("logs/"))
                .expiration(e -> e.days(30))
                .build();
        rgw.s3("dc1")
                .putBucketLifecycleConfiguration(
                        b -> b.bucket(RgwMultisite.BUCKET).lifecycleConfiguration(c -> c.rules(logs)));

        // the next sweeps add ours back beside it; both reach the secondary by metadata sync
        await().atMost(RGW)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    for (String zone : ZONES) {
                        List<LifecycleRule> rules = rgw.s3(zone)
                                .getBucketLifecycleConfiguration(b -> b.bucket(RgwMultisite.BUCKET))
                                .rules();
                        assertThat(rules)
                                .as("rules at %s", zone)
                                .extracting(LifecycleRule::id)
                                .containsExactlyInAnyOrder("team-logs-expiration", RULE_ID);
                        LifecycleRule foreign = rules.stream()
                                .filter(r -> r.id().equals("team-logs-expiration"))
                                .findFirst()
                                .orElseThrow();
                        assertThat(prefix(foreign)).isEqualTo("logs/");
                        assertThat(foreign.expiration().days()).isEqualTo(30);
                        assertThat(foreign.status()).isEqualTo(ExpirationStatus.ENABLED);
                        LifecycleRule ours = rules.stream()
                                .filter(r -> r.id().equals(RULE_ID))
                                .findFirst()
                                .orElseThrow();
                        assertThat(prefix(ours)).isEqualTo(PROBE_ROOT);
                        assertThat(ours.expiration().days()).isEqualTo(1);
                    }
                });
    }

    @Test
    @Order(2)
    void shouldDeleteResolvedProbesAtBothZonesWhileRgwReplicatesTheDeletes() throws Exception {
        try (TopicReader samples = new TopicReader(rgw.bootstrapServers(), "syncmeter.lag")) {
            double start = Math.min(written("dc1"), written("dc2"));
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> Math.min(written("dc1"), written("dc2")) >= start + 160);

            // probes seen intact at their target a while ago are gone from both zones
            Instant before = Instant.now().minusSeconds(10);
            List<String> resolved = LagSamples.intactBefore(samples, before);
            assertThat(resolved).hasSizeGreaterThan(100);
            await().atMost(RGW).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (String zone : ZONES) {
                    assertThat(resolved).as("resolved probes still at %s", zone).noneMatch(k -> exists(zone, k));
                }
            });

            String m = Scrape.metrics();
            for (String zone : ZONES) {
                // 4 probes/s at each zone: without deletes each would hold every probe written (both origins)
                double writtenHere = written("dc1") + written("dc2");
                assertThat(ProbeObjects.count(rgw.s3(zone), RgwMultisite.BUCKET, "it-rgw-probes"))
                        .as("probe objects at %s with %s written", zone, writtenHere)
                        .isLessThan((long) (writtenHere / 3));
                assertThat(deletes(m, zone, "ok"))
                        .as("resolved deletes at %s", zone)
                        .isGreaterThan(100);
                assertThat(deletes(m, zone, "error"))
                        .as("failed resolved deletes at %s", zone)
                        .isZero();
            }
            for (String[] d : new String[][] {{"dc1", "dc2"}, {"dc2", "dc1"}}) {
                assertThat(Scrape.value(
                                m,
                                "syncmeter_replication_objects_total",
                                Map.of("source_site", d[0], "target_site", d[1], "outcome", "corrupt")))
                        .isZero();
            }
        }
    }

    private static String prefix(LifecycleRule rule) {
        return rule.filter() != null && rule.filter().prefix() != null
                ? rule.filter().prefix()
                : rule.prefix();
    }

    private static double written(String zone) {
        return Scrape.value("syncmeter_probe_writes_total", Map.of("site", zone, "outcome", "ok"));
    }

    private static double deletes(String metrics, String zone, String outcome) {
        return Scrape.value(
                metrics,
                "syncmeter_probe_deletes_total",
                Map.of("site", zone, "reason", "resolved", "outcome", outcome));
    }

    private boolean exists(String zone, String key) {
        return ProbeObjects.exists(rgw.s3(zone), RgwMultisite.BUCKET, key);
    }
}
