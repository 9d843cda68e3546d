package io.syncmeter.rgw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.syncmeter.testing.RgwMultisite;
import io.syncmeter.testing.Scrape;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The topology guard against a real RGW multisite whose zone dc2 runs two gateways, both with the
 * sync thread on (the configuration that makes gateways contend for the sync shards' leases): the
 * guard must report 2 for dc2 and 1 for dc1, while lag is still measured.
 */
@QuarkusTest
@TestProfile(RgwTopologyIT.Profile.class)
@WithTestResource(value = RgwMultisite.class, initArgs = @ResourceArg(name = "dc2-gateways", value = "2"))
class RgwTopologyIT {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("syncmeter.probe.profile", "it-rgw");
        }
    }

    @Test
    void shouldReportTwoSyncGatewaysInTheZoneThatRunsTwo() {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    String m = Scrape.metrics();
                    assertThat(Scrape.value(m, "syncmeter_rgw_sync_gateways", Map.of("zone", "dc2")))
                            .as("dc2 gateways running the sync")
                            .isEqualTo(2.0);
                    assertThat(Scrape.value(m, "syncmeter_rgw_sync_gateways", Map.of("zone", "dc1")))
                            .as("dc1 gateways running the sync")
                            .isEqualTo(1.0);
                    assertThat(Scrape.value(m, "syncmeter_rgw_zone_endpoints_without_sync", Map.of("zone", "dc2")))
                            .as("both dc2 endpoints run the sync")
                            .isEqualTo(0.0);
                    assertThat(Scrape.value(
                                    m,
                                    "syncmeter_replication_lag_seconds_count",
                                    Map.of("source_site", "dc1", "target_site", "dc2")))
                            .isPositive();
                });
    }
}
