package io.syncmeter.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.syncmeter.testing.Scrape;
import io.syncmeter.testing.TestReplicator;
import io.syncmeter.testing.TestReplicator.Plan;
import io.syncmeter.testing.TwoSites;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Detection cost: at 100 probes/s from dc1, the collector must send at most 0.1 S3 requests per probe
 * to dc2, counted by {@code syncmeter_detection_requests_total}. Measured over at least 1000 probes
 * after a warm-up, as the ratio of the two counters' increases.
 */
@QuarkusTest
@TestProfile(DetectionCostIT.Profile.class)
@WithTestResource(TwoSites.class)
class DetectionCostIT {

    private static final Logger LOG = Logger.getLogger(DetectionCostIT.class);

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "syncmeter.sync.enabled", "false",
                    "syncmeter.probe.profile", "burst",
                    "syncmeter.probe.rate", "100",
                    "syncmeter.probe.sites", "dc1",
                    "syncmeter.collector.publish-samples", "false");
        }
    }

    @TwoSites.InjectInfra
    TwoSites.Infra infra;

    @Test
    void shouldSendAtMostOneRequestPerTenProbesAtOneHundredProbesPerSecond() throws Exception {
        try (TestReplicator replicator = new TestReplicator(infra, p -> new Plan.CopyAfter(Duration.ZERO)).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> resolved() >= 300);
            double requests0 = requests();
            double probes0 = resolved();
            await().atMost(Duration.ofSeconds(90)).until(() -> resolved() >= probes0 + 1000);
            double ratio = (requests() - requests0) / (resolved() - probes0);
            LOG.infof("Detection requests per probe at 100 probes/s: %.4f", ratio);
            assertThat(ratio).isGreaterThan(0).isLessThanOrEqualTo(0.1);
        }
    }

    private static double requests() {
        return Scrape.value("syncmeter_detection_requests_total", Map.of("site", "dc2"));
    }

    private static double resolved() {
        String text = Scrape.metrics();
        Map<String, String> dc1dc2 = Map.of("source_site", "dc1", "target_site", "dc2");
        return Scrape.value(text, "syncmeter_replication_lag_seconds_count", dc1dc2);
    }
}
