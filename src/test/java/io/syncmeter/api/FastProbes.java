package io.syncmeter.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Test profile shared by the API tests (so they share one Quarkus boot): probes at 5 per second per
 * site and a 2 s report interval, so figures appear quickly. The rate is kept low because the
 * benchmark runs of {@code RunsResourceTest} replicate through the same embedded sync engine beside
 * the probes: on a slow 2-core machine 20 per second per site already saturated it, and the runs'
 * objects waited a minute behind the probes' copies.
 */
public class FastProbes implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "syncmeter.probe.rate",
                "5",
                "syncmeter.collector.report-interval",
                "2s",
                // benchmark runs' results under the build's own folder
                "syncmeter.bench.results-dir",
                "target/bench-results");
    }
}
