package io.syncmeter.collector;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.syncmeter.testing.LagSamples;
import io.syncmeter.testing.TestReplicator;
import io.syncmeter.testing.TestReplicator.Copy;
import io.syncmeter.testing.TestReplicator.Plan;
import io.syncmeter.testing.TopicReader;
import io.syncmeter.testing.TwoSites;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Accuracy: a replicator copies each probe a known time after its PUT was acknowledged (200 ms from
 * dc1 to dc2, 2 s from dc2 to dc1) and records when each copy's PUT was sent and acknowledged — the
 * truth, which on a busy machine can be later than planned. Each probe's reported lag interval must
 * meet the span in which its copy became visible, and the reported p50 and p99 must be within
 * max(10 ms, half the widest of those intervals and spans) of the true ones. The sync engine is off, so only the test replicator copies.
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

    private static final Logger LOG = Logger.getLogger(LagAccuracyIT.class);
    private static final Duration FAST = Duration.ofMillis(200);
    private static final Duration SLOW = Duration.ofSeconds(2);
    /** Timestamps on the topic have millisecond precision. */
    private static final double CLOCK_SLACK = 0.002;

    @TwoSites.InjectInfra
    TwoSites.Infra infra;

    @Test
    void shouldReportTheKnownDelayOfEachDirectionWithinItsResolution() throws Exception {
        try (TopicReader samples = new TopicReader(infra.bootstrapServers(), "syncmeter.lag");
                TestReplicator replicator = new TestReplicator(
                                infra, p -> new Plan.CopyAfter(p.origin().equals("dc1") ? FAST : SLOW))
                        .start()) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        JsonPath s = status();
                        return s.getLong("directions.find { it.sourceSite == 'dc1' }.sinceStart.count") >= 150
                                && s.getLong("directions.find { it.sourceSite == 'dc2' }.sinceStart.count") >= 100;
                    });
            JsonPath s = status();
            LOG.infof("status: %s", s.prettify());
            List<LagSample> measured = samples.values().stream()
                    .map(LagSamples::parse)
                    .filter(x -> x.lagSeconds() != null)
                    .toList();
            Map<String, Copy> copied = replicator.copied();
            assertDirection(s, measured, copied, "dc1", FAST);
            assertDirection(s, measured, copied, "dc2", SLOW);
        }
    }

    private static void assertDirection(
            JsonPath s, List<LagSample> measured, Map<String, Copy> copied, String source, Duration planned) {
        List<LagSample> direction = measured.stream()
                .filter(x -> x.sourceSite().equals(source) && copied.containsKey(x.probeKey()))
                .toList();
        assertThat(direction).as("%s samples of copied probes", source).hasSizeGreaterThan(50);
        double[] truth = new double[direction.size()];
        double widest = 0;
        for (int i = 0; i < truth.length; i++) {
            LagSample x = direction.get(i);
            Copy c = copied.get(x.probeKey());
            double low = seconds(c.probe().ackedAt(), c.sentAt());
            double high = seconds(c.probe().ackedAt(), c.ackedAt());
            assertThat(low).as("the replicator is never early").isGreaterThanOrEqualTo(planned.toMillis() / 1e3);
            // The object became visible between the copy's PUT and its acknowledgement; the
            // collector's interval must meet that span.
            assertThat(x.lagLowerSeconds())
                    .as("%s %s reported lower bound vs copy acknowledged %.3f s", source, x.probeKey(), high)
                    .isLessThanOrEqualTo(high + CLOCK_SLACK);
            assertThat(x.lagUpperSeconds())
                    .as("%s %s reported upper bound vs copy sent %.3f s", source, x.probeKey(), low)
                    .isGreaterThanOrEqualTo(low - CLOCK_SLACK);
            truth[i] = (low + high) / 2;
            widest = Math.max(widest, (x.resolutionSeconds() + high - low) / 2);
        }
        Arrays.sort(truth);
        String d = "directions.find { it.sourceSite == '" + source + "' }.";
        double resolution = s.getDouble(d + "resolutionSeconds");
        assertThat(resolution).as("%s resolution", source).isGreaterThan(0).isLessThan(0.5);
        // Each reported lag is the middle of its interval, so it is off its true lag by at most half of
        // both widths; a percentile of the reported lags is off by at most the largest such half.
        Offset<Double> tolerance = Offset.offset(Math.max(0.010, widest) + 0.001);
        double p50 = s.getDouble(d + "sinceStart.p50");
        double p99 = s.getDouble(d + "sinceStart.p99");
        LOG.infof(
                "%s: planned %.3f s, true p50 %.3f s p99 %.3f s, reported p50 %.3f s p99 %.3f s, resolution %.3f s,"
                        + " tolerance %.3f s",
                source,
                planned.toMillis() / 1e3,
                rank(truth, 0.50),
                rank(truth, 0.99),
                p50,
                p99,
                resolution,
                tolerance.value);
        assertThat(p50)
                .as("%s p50 (tolerance %.3f s)", source, tolerance.value)
                .isCloseTo(rank(truth, 0.50), tolerance);
        assertThat(p99)
                .as("%s p99 (tolerance %.3f s)", source, tolerance.value)
                .isCloseTo(rank(truth, 0.99), tolerance);
        assertThat(s.getLong(d + "outcomes.replicated") + s.getLong(d + "outcomes.late"))
                .as("every measured probe is replicated or late, once")
                .isEqualTo(s.getLong(d + "sinceStart.count"));
        assertThat(s.getLong(d + "outcomes.corrupt")).isZero();
        assertThat(s.getLong(d + "outcomes.duplicate")).isZero();
    }

    /** The nearest-rank percentile of sorted values. */
    private static double rank(double[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
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
