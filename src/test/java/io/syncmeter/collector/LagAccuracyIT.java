package io.syncmeter.collector;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.syncmeter.testing.TestReplicator;
import io.syncmeter.testing.TestReplicator.Plan;
import io.syncmeter.testing.TwoSites;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Accuracy: a replicator that copies each probe a known time after its PUT was acknowledged (200 ms
 * from dc1 to dc2, 2 s from dc2 to dc1) must be reported with p50 and p99 within max(10 ms, the
 * reported resolution) of that delay. The sync engine is off, so only the test replicator copies.
 */
@QuarkusTest
@TestProfile(LagAccuracyIT.Profile.class)
@WithTestResource(TwoSites.class)
class LagAccuracyIT {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "syncmeter.sync.enabled", "false",
                    "syncmeter.probe.rate", "10",
                    "syncmeter.collector.poll-interval", "100ms",
                    "syncmeter.collector.report-interval", "2s");
        }
    }

    private static final Duration FAST = Duration.ofMillis(200);
    private static final Duration SLOW = Duration.ofSeconds(2);

    @TwoSites.InjectInfra
    TwoSites.Infra infra;

    @Test
    void shouldReportTheKnownDelayOfEachDirectionWithinItsResolution() throws Exception {
        try (TestReplicator replicator =
                new TestReplicator(infra, p -> new Plan.CopyAfter(p.origin().equals("dc1") ? FAST : SLOW)).start()) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        JsonPath s = status();
                        return s.getLong("directions.find { it.sourceSite == 'dc1' }.sinceStart.count") >= 150
                                && s.getLong("directions.find { it.sourceSite == 'dc2' }.sinceStart.count") >= 100;
                    });
            JsonPath s = status();
            assertDirection(s, "dc1", FAST);
            assertDirection(s, "dc2", SLOW);
        }
    }

    private static void assertDirection(JsonPath s, String source, Duration delay) {
        String d = "directions.find { it.sourceSite == '" + source + "' }.";
        org.jboss.logging.Logger.getLogger(LagAccuracyIT.class).infof("status: %s", s.prettify());
        double expected = delay.toNanos() / 1e9;
        double resolution = s.getDouble(d + "resolutionSeconds");
        double tolerance = Math.max(0.010, resolution);
        double p50 = s.getDouble(d + "sinceStart.p50");
        double p99 = s.getDouble(d + "sinceStart.p99");
        assertThat(resolution).as("%s resolution", source).isGreaterThan(0).isLessThan(0.5);
        assertThat(p50).as("%s p50 (resolution %.3f s)", source, resolution).isCloseTo(expected, within(tolerance));
        assertThat(p99).as("%s p99 (resolution %.3f s)", source, resolution).isCloseTo(expected, within(tolerance));
        assertThat(s.getLong(d + "outcomes.replicated") + s.getLong(d + "outcomes.late"))
                .as("every measured probe is replicated or late, once")
                .isEqualTo(s.getLong(d + "sinceStart.count"));
        assertThat(s.getLong(d + "outcomes.corrupt")).isZero();
        assertThat(s.getLong(d + "outcomes.duplicate")).isZero();
    }

    private static org.assertj.core.data.Offset<Double> within(double tolerance) {
        return org.assertj.core.data.Offset.offset(tolerance);
    }

    private static JsonPath status() {
        return given().when()
                .get("/api/status")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
