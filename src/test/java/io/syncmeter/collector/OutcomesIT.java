package io.syncmeter.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.syncmeter.probe.ProbeWritten;
import io.syncmeter.testing.Scrape;
import io.syncmeter.testing.TestReplicator;
import io.syncmeter.testing.TestReplicator.Plan;
import io.syncmeter.testing.TopicReader;
import io.syncmeter.testing.TwoSites;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Outcome classification against real servers: a test replicator copies each dc1 probe intact,
 * late, tampered, or not at all (by sequence number), and each probe's published sample must carry
 * exactly the matching outcome, once. Replayed events are counted duplicate without a second lag
 * sample; malformed events are counted rejected and the consumer keeps going.
 */
@QuarkusTest
@TestProfile(OutcomesIT.Profile.class)
@WithTestResource(TwoSites.class)
class OutcomesIT {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "syncmeter.sync.enabled", "false",
                    "syncmeter.probe.profile", "it-outcomes",
                    "syncmeter.probe.sites", "dc1",
                    "syncmeter.collector.poll-interval", "100ms",
                    "syncmeter.collector.straggler-after", "500ms",
                    "syncmeter.collector.straggler-poll-interval", "300ms",
                    "syncmeter.collector.report-interval", "1s");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final Map<String, String> DC1_DC2 = Map.of("source_site", "dc1", "target_site", "dc2");

    @TwoSites.InjectInfra
    TwoSites.Infra infra;

    /** The outcome each plan must produce with the it-outcomes profile (late 1 s, give-up 3 s). */
    private static Plan plan(ProbeWritten p) {
        return switch ((int) (p.sequence() % 4)) {
            case 0 -> new Plan.CopyAfter(Duration.ofMillis(100));
            case 1 -> new Plan.Drop();
            case 2 -> new Plan.Tamper(Duration.ofMillis(100));
            default -> new Plan.CopyAfter(Duration.ofMillis(1600));
        };
    }

    /**
     * The outcome a plan implies, judged by when its copy really became visible (between the copy's
     * PUT and its acknowledgement); empty when a busy machine made the copy so late that it came near
     * the late (1 s) or give-up (3 s) line, where the collector's resolution may place it either way.
     */
    private static Optional<String> expected(Plan plan, TestReplicator.Copy copy) {
        if (plan instanceof Plan.Drop) {
            return Optional.of("missing");
        }
        if (plan instanceof Plan.Tamper) {
            return Optional.of("corrupt");
        }
        if (copy == null) {
            return Optional.empty();
        }
        double from = Duration.between(copy.probe().ackedAt(), copy.sentAt()).toMillis() / 1e3;
        double to = Duration.between(copy.probe().ackedAt(), copy.ackedAt()).toMillis() / 1e3;
        if (to < 0.5) {
            return Optional.of("replicated");
        }
        if (from > 1.5 && to < 2.5) {
            return Optional.of("late");
        }
        return Optional.empty();
    }

    @Test
    void shouldClassifyEveryProbeOnceAndCountReplaysAndRejectsWithoutStalling() throws Exception {
        try (TopicReader samples = new TopicReader(infra.bootstrapServers(), "syncmeter.lag");
                TopicReader probes = new TopicReader(infra.bootstrapServers(), "syncmeter.probes");
                TestReplicator replicator = new TestReplicator(infra, OutcomesIT::plan).start();
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", infra.bootstrapServers()),
                        new StringSerializer(),
                        new StringSerializer())) {

            // 1. every planned probe gets exactly the outcome its plan implies
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> decided(replicator, samples).size() >= 24);
            Map<String, List<String>> byKey = outcomesByKey(samples);
            Map<String, Plan> plans = decided(replicator, samples);
            Map<String, Long> perOutcome = new HashMap<>();
            Map<String, TestReplicator.Copy> copies = replicator.copied();
            plans.forEach((key, plan) -> expected(plan, copies.get(key)).ifPresent(outcome -> {
                assertThat(byKey.get(key))
                        .as("outcomes of %s planned %s", key, plan)
                        .containsExactly(outcome);
                perOutcome.merge(outcome, 1L, Long::sum);
            }));
            assertThat(perOutcome).containsKeys("replicated", "late", "missing", "corrupt");

            // 2. replayed events: counted duplicate, never measured twice
            String text = Scrape.metrics();
            double lagCountBefore = Scrape.value(text, "syncmeter_replication_lag_seconds_count", DC1_DC2);
            double duplicatesBefore = duplicates();
            List<String> replayed = probes.values().stream()
                    .filter(v -> plans.containsKey(key(v)))
                    .limit(5)
                    .toList();
            assertThat(replayed).hasSize(5);
            for (String value : replayed) {
                producer.send(new ProducerRecord<>("syncmeter.probes", key(value), value));
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(20)).until(() -> duplicates() >= duplicatesBefore + 5);
            assertThat(duplicates()).isEqualTo(duplicatesBefore + 5);
            for (String value : replayed) {
                assertThat(outcomesByKey(samples).get(key(value)))
                        .as("samples of replayed %s", key(value))
                        .containsExactly(byKey.get(key(value)).get(0), "duplicate");
            }
            // probes keep being measured: a scrape can fall between a probe's outcome counter and its
            // lag sample, so the two must agree in some scrape, not in every one
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                String after = Scrape.metrics();
                double measured = Scrape.value(
                                after,
                                "syncmeter_replication_objects_total",
                                Map.of("source_site", "dc1", "target_site", "dc2", "outcome", "replicated"))
                        + Scrape.value(
                                after,
                                "syncmeter_replication_objects_total",
                                Map.of("source_site", "dc1", "target_site", "dc2", "outcome", "late"));
                assertThat(Scrape.value(after, "syncmeter_replication_lag_seconds_count", DC1_DC2))
                        .as("one lag sample per replicated or late probe, none for duplicates")
                        .isEqualTo(measured)
                        .isGreaterThanOrEqualTo(lagCountBefore);
            });

            // 3. malformed events are set aside, counted, and the consumer keeps going
            producer.send(new ProducerRecord<>("syncmeter.probes", "bad-1", "not json"));
            producer.send(new ProducerRecord<>("syncmeter.probes", "bad-2", "{\"schema\":99}"));
            producer.flush();
            Instant afterBad = Instant.now();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                String m = Scrape.metrics();
                assertThat(Scrape.value(
                                m,
                                "syncmeter_events_rejected_total",
                                Map.of("topic", "syncmeter.probes", "reason", "malformed-json")))
                        .isEqualTo(1.0);
                assertThat(Scrape.value(
                                m,
                                "syncmeter_events_rejected_total",
                                Map.of("topic", "syncmeter.probes", "reason", "unsupported-schema")))
                        .isEqualTo(1.0);
            });
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> samples.values().stream()
                            .map(OutcomesIT::sample)
                            .anyMatch(s -> s.ackedAt().isAfter(afterBad)));
        }
    }

    /** Plans of probes old enough to be decided (past give-up plus margin) that have a sample. */
    private static Map<String, Plan> decided(TestReplicator replicator, TopicReader samples) {
        Instant cutoff = Instant.now().minusSeconds(5);
        Map<String, List<String>> byKey = outcomesByKey(samples);
        return replicator.planned().entrySet().stream()
                .filter(e -> replicator.events().get(e.getKey()).ackedAt().isBefore(cutoff))
                .filter(e -> byKey.containsKey(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static Map<String, List<String>> outcomesByKey(TopicReader samples) {
        return samples.values().stream()
                .map(OutcomesIT::sample)
                .filter(s -> s.sourceSite().equals("dc1"))
                .collect(Collectors.groupingBy(
                        LagSample::probeKey, Collectors.mapping(LagSample::outcome, Collectors.toList())));
    }

    private static double duplicates() {
        return Scrape.value(
                "syncmeter_replication_objects_total",
                Map.of("source_site", "dc1", "target_site", "dc2", "outcome", "duplicate"));
    }

    private static LagSample sample(String json) {
        try {
            return JSON.readValue(json, LagSample.class);
        } catch (Exception e) {
            throw new IllegalStateException(json, e);
        }
    }

    private static String key(String probeJson) {
        try {
            return JSON.readTree(probeJson).get("key").asText();
        } catch (Exception e) {
            throw new IllegalStateException(probeJson, e);
        }
    }
}
