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
 * The endpoint guard against a real RGW multisite whose zone dc2 has two gateways, both the zone's
 * endpoints, the second without the sync thread (the topology where 29 % of objects took over 1 s):
 * one sync gateway, so {@code syncmeter_rgw_sync_gateways} is content, but one of dc2's endpoints
 * answers other zones' sync requests without syncing, which the guard must report.
 */
@QuarkusTest
@TestProfile(RgwEndpointsIT.Profile.class)
@WithTestResource(
        value = RgwMultisite.class,
        initArgs = {
            @ResourceArg(name = "dc2-gateways", value = "2"),
            @ResourceArg(name = "dc2-sync", value = "true,false")
        })
class RgwEndpointsIT {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("syncmeter.probe.profile", "it-rgw");
        }
    }

    @Test
    void shouldReportAZoneEndpointServedByAGatewayWithoutTheSync() {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    String m = Scrape.metrics();
                    assertThat(Scrape.value(m, "syncmeter_rgw_sync_gateways", Map.of("zone", "dc2")))
                            .isEqualTo(1.0);
                    assertThat(Scrape.value(m, "syncmeter_rgw_zone_endpoints_without_sync", Map.of("zone", "dc2")))
                            .isEqualTo(1.0);
                    assertThat(Scrape.value(m, "syncmeter_rgw_zone_endpoints_without_sync", Map.of("zone", "dc1")))
                            .isEqualTo(0.0);
                });
    }
}
