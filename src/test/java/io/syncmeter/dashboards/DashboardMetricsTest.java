package io.syncmeter.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.syncmeter.api.FastProbes;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.metrics.PrometheusText;
import io.syncmeter.testing.Scrape;
import io.syncmeter.testing.TestKafka;
import io.syncmeter.testing.TwoSites;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every metric a dashboard names is exported by the application (a sample name of {@code
 * /q/metrics}, compared whole: {@code syncmeter_replication_lag_seconds_bucket} is a histogram's
 * sample, {@code syncmeter_sync_objects_count} would not be the counter {@code
 * syncmeter_sync_objects_total}), recorded by a rule file of {@code dashboards/}, or listed in {@link
 * #ABSENT_HERE} as belonging to a feature this test application does not run. Same profile and
 * resources as the metrics contract test, so both share one boot.
 */
@QuarkusTest
@TestProfile(FastProbes.class)
@WithTestResource(value = TwoSites.class, initArgs = @ResourceArg(name = "notifications", value = "true"))
class DashboardMetricsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * A metric a dashboard uses that this test application does not export: its Micrometer name from
     * {@link MetricNames} (so a rename there fails here), the suffix the Prometheus registry adds, and
     * the feature that exports it.
     */
    record Absent(String micrometerName, String suffix, String exportedWhen) {
        String prometheusName() {
            return micrometerName.replace('.', '_') + suffix;
        }
    }

    /** Expected absent in this test, exported when the named feature is on. */
    static final List<Absent> ABSENT_HERE = List.of(
            new Absent(MetricNames.RGW_SYNC_BEHIND_SHARDS, "", "an RGW zone is configured (syncmeter.rgw.zones.*)"),
            new Absent(MetricNames.RGW_SYNC_OLDEST_CHANGE_AGE, "_seconds", "an RGW zone is configured"),
            new Absent(MetricNames.RGW_STATE_READ_ERRORS, "_total", "an RGW zone is configured"),
            new Absent(MetricNames.RGW_SYNC_ERRORS, "", "a zone's admin sockets are configured"),
            new Absent(MetricNames.RGW_SYNC_FETCH_BYTES, "", "a zone's admin sockets are configured"),
            new Absent(MetricNames.RGW_SYNC_POLL_LATENCY, "_seconds", "a zone's admin sockets are configured"),
            new Absent(MetricNames.RGW_SYNC_GATEWAYS, "", "a zone's admin sockets are configured"));

    @TwoSites.InjectInfra
    TwoSites.Infra infra;

    @Test
    void shouldNameOnlyMetricsTheApplicationExportsOrARuleRecords() throws Exception {
        // syncmeter_events_rejected_total appears with the first rejected record
        TestKafka.send(infra.bootstrapServers(), "syncmeter.probes", "dashboards-test", "not json");
        await("lag measured both ways, SLA evaluated, a record rejected")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    PrometheusText m = PrometheusText.parse(Scrape.metrics());
                    for (String[] d : new String[][] {{"dc1", "dc2"}, {"dc2", "dc1"}}) {
                        Map<String, String> direction = Map.of("source_site", d[0], "target_site", d[1]);
                        assertThat(m.value("syncmeter_replication_lag_seconds_count", direction))
                                .hasValueSatisfying(v -> assertThat(v).isPositive());
                        assertThat(m.samples("syncmeter_sla_compliance_ratio", direction))
                                .isNotEmpty();
                    }
                    assertThat(m.samples("syncmeter_events_rejected_total")).isNotEmpty();
                });
        Set<String> exported = exported();
        Set<String> recorded = DashboardFiles.recordedNames();
        Set<String> absent = absentNames();

        List<String> unknown = new ArrayList<>();
        DashboardFiles.dashboards()
                .forEach((file, d) -> DashboardLint.unknownMetrics(
                                d, n -> exported.contains(n) || recorded.contains(n) || absent.contains(n))
                        .forEach(p -> unknown.add(file + ": " + p)));
        assertThat(unknown).as("exported: %s; recorded: %s", exported, recorded).isEmpty();
    }

    @Test
    void shouldNotExportWhatItListsAsAbsent() {
        Set<String> exported = exported();
        for (Absent a : ABSENT_HERE) {
            assertThat(exported)
                    .as("%s is exported in this test: take it off ABSENT_HERE", a.prometheusName())
                    .doesNotContain(a.prometheusName());
        }
    }

    @Test
    void shouldListAsAbsentOnlyWhatADashboardUses() {
        Set<String> used = new TreeSet<>();
        for (JsonNode d : DashboardFiles.dashboards().values()) {
            used.addAll(DashboardLint.metrics(d).keySet());
        }
        assertThat(used).containsAll(absentNames());
    }

    private static Set<String> absentNames() {
        return ABSENT_HERE.stream().map(Absent::prometheusName).collect(Collectors.toSet());
    }

    /** The sample names of {@code /q/metrics}. */
    private static Set<String> exported() {
        Set<String> out = new TreeSet<>();
        for (String line : Scrape.metrics().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.split("[{ ]", 2)[0]);
            }
        }
        return out;
    }
}
