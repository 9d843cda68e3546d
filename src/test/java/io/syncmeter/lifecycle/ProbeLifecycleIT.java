package io.syncmeter.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.syncmeter.probe.ProbeKeys;
import io.syncmeter.testing.LagSamples;
import io.syncmeter.testing.ProbeObjects;
import io.syncmeter.testing.Scrape;
import io.syncmeter.testing.TopicReader;
import io.syncmeter.testing.TwoSites;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The probe lifecycle against a real Kafka broker and two real S3 sites whose changes syncmeter's
 * own sync engine replicates, deletes included (so each site's deletes also arrive at the other):
 * resolved probes disappear from both sites and the number of probe objects stays bounded, old
 * probe-shaped objects are swept, and no foreign object, however close to the probe layout, is
 * touched. The deletes must never make a probe count missing or corrupt. S3Proxy does not implement
 * bucket lifecycle configuration: the bucket rule is reported unsupported and everything else goes on.
 */
@QuarkusTest
@TestProfile(ProbeLifecycleIT.Profile.class)
@WithTestResource(value = TwoSites.class, initArgs = @ResourceArg(name = "notifications", value = "true"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProbeLifecycleIT {

    /** 2 probes/s per site; give-up 30 s; deleted 1 s after settling; retention 60 s, swept every 2 s. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("syncmeter.probe.profile", "it-lifecycle"),
                    Map.entry("syncmeter.collector.poll-interval", "100ms"),
                    Map.entry("syncmeter.collector.straggler-after", "2s"),
                    Map.entry("syncmeter.collector.straggler-poll-interval", "500ms"),
                    Map.entry("syncmeter.collector.report-interval", "1s"),
                    Map.entry("syncmeter.lifecycle.grace", "1s"),
                    Map.entry("syncmeter.lifecycle.delete-interval", "500ms"),
                    Map.entry("syncmeter.lifecycle.delete-batch-size", "25"),
                    Map.entry("syncmeter.lifecycle.retention", "60s"),
                    Map.entry("syncmeter.lifecycle.sweep-interval", "2s"),
                    Map.entry("syncmeter.lifecycle.sweep-max-deletes", "40"),
                    Map.entry("syncmeter.lifecycle.bucket-rule.enabled", "true"));
        }
    }

    private static final String PREFIX = "syncmeter-probes";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Instant OLD = Instant.now().minus(Duration.ofHours(1));
    private static final Instant FUTURE = Instant.now().plus(Duration.ofHours(1));

    /** Objects that are not ours to delete: outside the prefix, near misses, and deeper keys. */
    private static final Map<String, String> FOREIGN = foreign();

    /** Probe-shaped objects "written" an hour ago, also by a site that is not configured (dc9). */
    private static final List<String> OLD_PROBES = oldProbes();

    /** Probe-shaped objects of the future: young for the whole test. */
    private static final List<String> YOUNG_PROBES = List.of(
            ProbeKeys.key(PREFIX, "dc1", FUTURE, "young", 1),
            ProbeKeys.key(PREFIX, "dc2", FUTURE, "young", 2),
            ProbeKeys.key(PREFIX, "dc9", FUTURE, "young", 3));

    private static TopicReader samples;

    @TwoSites.InjectInfra
    TwoSites.Infra infra;

    private static Map<String, String> foreign() {
        String tail = ProbeKeys.key(PREFIX, "dc1", OLD, "foreign", 1).substring((PREFIX + "/dc1/").length());
        Map<String, String> m = new LinkedHashMap<>();
        for (String key : List.of(
                "data/a",
                "data/syncmeter-probes/dc1/" + tail,
                "syncmeter-probes/notes.txt",
                "syncmeter-probes/x",
                "syncmeter-probes/dc1/readme",
                "syncmeter-probes/dc1/not-a-probe",
                "syncmeter-probes/dc1/" + tail + ".bak",
                "syncmeter-probes/dc1/sub/" + tail,
                "syncmeter-probes/DC1/" + tail,
                "syncmeter-probesX/dc1/" + tail,
                "syncmeter-probe/dc1/" + tail)) {
            m.put(key, "foreign object " + key + " - must survive");
        }
        return Map.copyOf(m);
    }

    private static List<String> oldProbes() {
        List<String> keys = new ArrayList<>();
        for (String origin : List.of("dc1", "dc2", "dc9")) {
            for (int i = 0; i < 60; i++) {
                keys.add(ProbeKeys.key(PREFIX, origin, OLD.plusMillis(i), "old", i));
            }
        }
        return List.copyOf(keys);
    }

    @AfterAll
    static void closeReader() throws InterruptedException {
        if (samples != null) {
            samples.close();
        }
    }

    @Test
    @Order(1)
    void shouldDeleteResolvedProbesAtBothSitesAndKeepTheNumberOfProbeObjectsBounded() {
        samples = new TopicReader(infra.bootstrapServers(), "syncmeter.lag");
        for (String site : TwoSites.SITES) {
            FOREIGN.forEach((key, body) -> put(site, key, body));
        }
        // 2 probes/s at each site: without deletes each site would hold 4 more every second, and
        // with the retention sweep alone (60 s) about 240
        awaitWritten(100);
        for (int round = 0; round < 2; round++) {
            double target = written("dc1") + 50;
            awaitWritten(target);
            for (String site : TwoSites.SITES) {
                long n = ProbeObjects.count(infra.s3(site), TwoSites.BUCKET, PREFIX);
                assertThat(n)
                        .as("probe objects at %s with %s written there and at the other site", site, 2 * target)
                        .isLessThanOrEqualTo(80);
            }
        }

        // each probe seen intact at its target is gone from both sites soon after
        Instant settledBefore = Instant.now().minusSeconds(5);
        List<String> resolved = LagSamples.intactBefore(samples, settledBefore);
        assertThat(resolved).hasSizeGreaterThan(50);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String site : TwoSites.SITES) {
                assertThat(resolved).as("resolved probes still at %s", site).noneMatch(k -> exists(site, k));
            }
        });

        String m = Scrape.metrics();
        for (String site : TwoSites.SITES) {
            assertThat(deletes(m, site, "resolved", "ok"))
                    .as("resolved deletes at %s", site)
                    .isGreaterThan(150);
            assertThat(deletes(m, site, "resolved", "error")).isZero();
            assertThat(deletes(m, site, "resolved", "skipped")).isZero();
            assertThat(Scrape.value(m, "syncmeter_probe_bucket_rule", Map.of("site", site, "state", "unsupported")))
                    .as("S3Proxy implements no lifecycle configuration at %s", site)
                    .isEqualTo(1.0);
        }
        assertForeignObjectsIntact();
        assertNoProbeMissingOrCorrupt();
    }

    @Test
    @Order(2)
    void shouldSweepOldProbeShapedObjectsAtBothSitesAndKeepYoungAndForeignOnes() {
        double retained0 = deletes(Scrape.metrics(), "dc1", "retention", "ok");
        for (String site : TwoSites.SITES) {
            OLD_PROBES.forEach(key -> put(site, key, "old probe"));
            YOUNG_PROBES.forEach(key -> put(site, key, "young probe"));
        }

        // 180 old objects per site, at most 40 deleted per sweep: several sweeps drain them
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String site : TwoSites.SITES) {
                assertThat(OLD_PROBES)
                        .as("old probe-shaped objects at %s", site)
                        .noneMatch(k -> exists(site, k));
            }
        });
        for (String site : TwoSites.SITES) {
            assertThat(YOUNG_PROBES)
                    .as("young probe-shaped objects at %s", site)
                    .allMatch(k -> exists(site, k));
        }
        assertForeignObjectsIntact();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String m = Scrape.metrics();
            for (String site : TwoSites.SITES) {
                assertThat(Scrape.value(m, "syncmeter_probe_sweeps_total", Map.of("site", site, "outcome", "partial")))
                        .as("sweeps at %s stopped at their bound", site)
                        .isPositive();
                assertThat(Scrape.value(m, "syncmeter_probe_sweeps_total", Map.of("site", site, "outcome", "error")))
                        .isZero();
                assertThat(deletes(m, site, "retention", "error")).isZero();
                double stored = Scrape.value(m, "syncmeter_probe_stored_objects", Map.of("site", site));
                assertThat(stored)
                        .as("probe objects %s holds, by the last complete sweep", site)
                        .isBetween((double) YOUNG_PROBES.size(), 100.0);
            }
        });
        // the sync engine may delete a site's copy first (the other site's delete arrived), so
        // the sweeps of the two sites share the old objects between them
        double retained = deletes(Scrape.metrics(), "dc1", "retention", "ok")
                + deletes(Scrape.metrics(), "dc2", "retention", "ok");
        assertThat(retained - retained0).isGreaterThanOrEqualTo(OLD_PROBES.size());
        assertNoProbeMissingOrCorrupt();
    }

    private void awaitWritten(double n) {
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> written("dc1") >= n && written("dc2") >= n);
    }

    private static double written(String site) {
        return Scrape.value("syncmeter_probe_writes_total", Map.of("site", site, "outcome", "ok"));
    }

    private void assertForeignObjectsIntact() {
        for (String site : TwoSites.SITES) {
            FOREIGN.forEach((key, body) -> assertThat(get(site, key))
                    .as("foreign %s at %s", key, site)
                    .hasValue(body.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static void assertNoProbeMissingOrCorrupt() {
        String m = Scrape.metrics();
        for (String[] d : new String[][] {{"dc1", "dc2"}, {"dc2", "dc1"}}) {
            Map<String, String> direction = Map.of("source_site", d[0], "target_site", d[1]);
            assertThat(outcome(m, direction, "replicated") + outcome(m, direction, "late"))
                    .as("%s->%s measured", d[0], d[1])
                    .isGreaterThan(50);
            assertThat(outcome(m, direction, "missing"))
                    .as("%s->%s missing", d[0], d[1])
                    .isZero();
            assertThat(outcome(m, direction, "corrupt"))
                    .as("%s->%s corrupt", d[0], d[1])
                    .isZero();
        }
    }

    private static double outcome(String metrics, Map<String, String> direction, String outcome) {
        Map<String, String> labels = new LinkedHashMap<>(direction);
        labels.put("outcome", outcome);
        return Scrape.value(metrics, "syncmeter_replication_objects_total", labels);
    }

    private static double deletes(String metrics, String site, String reason, String outcome) {
        return Scrape.value(
                metrics, "syncmeter_probe_deletes_total", Map.of("site", site, "reason", reason, "outcome", outcome));
    }

    private void put(String site, String key, String body) {
        infra.s3(site)
                .putObject(
                        b -> b.bucket(TwoSites.BUCKET).key(key), RequestBody.fromString(body, StandardCharsets.UTF_8));
    }

    private Optional<byte[]> get(String site, String key) {
        S3Client s3 = infra.s3(site);
        try {
            return Optional.of(
                    s3.getObjectAsBytes(b -> b.bucket(TwoSites.BUCKET).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    private boolean exists(String site, String key) {
        return ProbeObjects.exists(infra.s3(site), TwoSites.BUCKET, key);
    }
}
