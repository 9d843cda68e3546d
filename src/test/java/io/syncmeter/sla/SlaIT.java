package io.syncmeter.sla;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.syncmeter.probe.ProbeWritten;
import io.syncmeter.testing.ProbeFeeder;
import io.syncmeter.testing.Scrape;
import io.syncmeter.testing.TestReplicator;
import io.syncmeter.testing.TestReplicator.Plan;
import io.syncmeter.testing.TopicReader;
import io.syncmeter.testing.TwoSites;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * SLA evaluation end to end against a real broker and real S3 sites: the test writes 40 probes
 * itself (the writers are off, so it knows every probe) and a test replicator copies each to dc2 in
 * 100 ms, in 3 s (after the 1.5 s replication threshold, within the 4 s freshness one), tampered, or
 * never. The objectives' good and total counts, compliance, error budget and the threshold events
 * must match that plan exactly, probe by probe.
 */
@QuarkusTest
@TestProfile(SlaIT.Profile.class)
@WithTestResource(TwoSites.class)
class SlaIT {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new HashMap<>();
            m.put("syncmeter.sync.enabled", "false");
            m.put("syncmeter.probe.enabled", "false");
            m.put("syncmeter.probe.profile", "it-sla");
            m.put("syncmeter.collector.poll-interval", "100ms");
            m.put("syncmeter.collector.straggler-after", "500ms");
            m.put("syncmeter.collector.straggler-poll-interval", "300ms");
            m.put("syncmeter.sla.objectives.rep.kind", "replication");
            m.put("syncmeter.sla.objectives.rep.target", "75%");
            m.put("syncmeter.sla.objectives.rep.threshold", "1500ms");
            m.put("syncmeter.sla.objectives.rep.period", "10m");
            m.put("syncmeter.sla.objectives.fresh.kind", "freshness");
            m.put("syncmeter.sla.objectives.fresh.target", "0.5");
            m.put("syncmeter.sla.objectives.fresh.threshold", "4s");
            m.put("syncmeter.sla.objectives.fresh.directions", "dc1->dc2");
            m.put("syncmeter.sla.flush-interval", "1s");
            m.put("syncmeter.sla.evaluation-interval", "500ms");
            return m;
        }
    }

    private static final int PROBES = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TwoSites.InjectInfra
    TwoSites.Infra infra;

    /** 8 slow (every 5th), 4 never copied, 4 tampered, 24 in time. */
    static Plan plan(ProbeWritten p) {
        long s = p.sequence();
        if (s % 5 == 0) {
            return new Plan.CopyAfter(Duration.ofSeconds(3));
        }
        if (s % 10 == 3) {
            return new Plan.Drop();
        }
        if (s % 10 == 7) {
            return new Plan.Tamper(Duration.ofMillis(100));
        }
        return new Plan.CopyAfter(Duration.ofMillis(100));
    }

    @Test
    void shouldCountComplianceBudgetAndThresholdEventsExactlyAsPlanned() throws Exception {
        List<ProbeWritten> written = new ArrayList<>();
        try (TopicReader events = new TopicReader(infra.bootstrapServers(), "syncmeter.sla-events");
                TestReplicator replicator = new TestReplicator(infra, SlaIT::plan).start();
                ProbeFeeder feeder = new ProbeFeeder(infra, "sla-probes", "feed")) {
            for (int i = 0; i < PROBES; i++) {
                written.add(feeder.write("dc1", i));
            }
            Set<String> slow = keys(written, s -> s % 5 == 0);
            Set<String> dropped = keys(written, s -> s % 5 != 0 && s % 10 == 3);
            Set<String> tampered = keys(written, s -> s % 5 != 0 && s % 10 == 7);
            assertThat(slow).hasSize(8);
            assertThat(dropped).hasSize(4);
            assertThat(tampered).hasSize(4);

            await("every probe decided for both objectives")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertThat(series("rep", "dc1").path("totalEvents").asLong())
                                .isEqualTo(PROBES);
                        assertThat(series("fresh", "dc1").path("totalEvents").asLong())
                                .isEqualTo(PROBES);
                    });

            JsonNode rep = series("rep", "dc1");
            assertThat(rep.path("goodEvents").asLong()).isEqualTo(24);
            assertThat(rep.path("badEvents").asLong()).isEqualTo(16);
            assertThat(rep.path("compliance").asDouble()).isEqualTo(0.6);
            assertThat(rep.path("errorBudget").path("allowedBadEvents").asDouble())
                    .isCloseTo(10.0, within(1e-9));
            assertThat(rep.path("errorBudget").path("remaining").asDouble()).isCloseTo(-0.6, within(1e-9));
            assertThat(rep.path("status").asText()).isEqualTo("breached");
            assertThat(rep.path("burnRates").path("5m").asDouble()).isCloseTo(0.4 / 0.25, within(1e-9));
            List<String> worst = new ArrayList<>();
            rep.path("worstOffenders").forEach(o -> worst.add(o.path("probeKey").asText()));
            assertThat(worst).hasSize(10);
            assertThat(worst.subList(0, 8))
                    .as("never seen intact come first")
                    .containsExactlyInAnyOrderElementsOf(union(dropped, tampered));
            assertThat(worst.subList(8, 10)).allSatisfy(k -> assertThat(slow).contains(k));

            JsonNode fresh = series("fresh", "dc1");
            assertThat(fresh.path("goodEvents").asLong())
                    .as("slow probes are within 4 s")
                    .isEqualTo(32);
            assertThat(fresh.path("status").asText()).isEqualTo("met");
            assertThat(series("rep", "dc2").path("status").asText()).isEqualTo("no-data");

            // threshold events, probe by probe
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(events.values()).hasSize(12 + 8 + 4 + 4));
            Map<String, List<JsonNode>> byType = events.values().stream()
                    .map(SlaIT::tree)
                    .collect(Collectors.groupingBy(e -> e.path("type").asText()));
            assertThat(keysOf(byType.get("missed-threshold")))
                    .containsExactlyInAnyOrderElementsOf(union(slow, dropped));
            assertThat(keysOf(byType.get("replicated-after-threshold"))).containsExactlyInAnyOrderElementsOf(slow);
            assertThat(keysOf(byType.get("missing"))).containsExactlyInAnyOrderElementsOf(dropped);
            assertThat(keysOf(byType.get("corrupt"))).containsExactlyInAnyOrderElementsOf(tampered);
            for (JsonNode e : byType.get("missed-threshold")) {
                Duration late = Duration.between(
                        Instant.parse(e.path("thresholdAt").asText()),
                        Instant.parse(e.path("detectedAt").asText()));
                assertThat(late)
                        .as("missed-threshold is published when the threshold passes, not on arrival: %s", e)
                        .isBetween(Duration.ZERO, Duration.ofMillis(1000));
                assertThat(e.path("objective").asText()).isEqualTo("rep");
                assertThat(e.path("schema").asInt()).isEqualTo(ThresholdEvent.SCHEMA);
            }
            for (JsonNode e : byType.get("replicated-after-threshold")) {
                // the 3 s delay, within the detection resolution (the slow cadence lists every 300 ms)
                assertThat(e.path("lagSeconds").asDouble()).isBetween(2.6, 3.6);
            }

            // the same figures on /q/metrics, and the thresholds are exact lag-histogram bounds
            String metrics = Scrape.metrics();
            Map<String, String> repDc1 = Map.of("objective", "rep", "source_site", "dc1", "target_site", "dc2");
            assertThat(Scrape.value(metrics, "syncmeter_sla_good_events_total", repDc1))
                    .isEqualTo(24);
            assertThat(Scrape.value(metrics, "syncmeter_sla_events_total", repDc1))
                    .isEqualTo(40);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(Scrape.value("syncmeter_sla_compliance_ratio", repDc1))
                            .isEqualTo(0.6));
            Map<String, String> missedLabels = new HashMap<>(repDc1);
            missedLabels.put("type", "missed-threshold");
            assertThat(Scrape.value(metrics, "syncmeter_sla_threshold_events_total", missedLabels))
                    .isEqualTo(12);
            assertThat(metrics)
                    .contains(
                            "syncmeter_replication_lag_seconds_bucket{source_site=\"dc1\",target_site=\"dc2\",le=\"1.5\"}")
                    .contains(
                            "syncmeter_replication_lag_seconds_bucket{source_site=\"dc1\",target_site=\"dc2\",le=\"4.0\"}");
        }
    }

    private static JsonNode series(String objective, String source) throws Exception {
        String body = given().queryParam("objective", objective)
                .queryParam("source", source)
                .when()
                .get("/api/sla")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonNode objectives = JSON.readTree(body).path("objectives");
        assertThat(objectives.size()).as(body).isEqualTo(1);
        return objectives.get(0).path("series").get(0);
    }

    private static Set<String> keys(List<ProbeWritten> written, java.util.function.LongPredicate bySequence) {
        return written.stream()
                .filter(p -> bySequence.test(p.sequence()))
                .map(ProbeWritten::key)
                .collect(Collectors.toSet());
    }

    private static List<String> keysOf(List<JsonNode> events) {
        assertThat(events).isNotNull();
        return events.stream().map(e -> e.path("probeKey").asText()).toList();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(json, e);
        }
    }
}
