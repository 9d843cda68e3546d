package io.syncmeter.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.metrics.PrometheusText;
import io.syncmeter.probe.ActiveProfile;
import io.syncmeter.testing.TestKafka;
import io.syncmeter.testing.TwoSites;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus metric names and labels fixed by the product contract (see {@link MetricNames}):
 * dashboards and alert rules depend on them, so renaming one must fail here.
 */
@QuarkusTest
@TestProfile(FastProbes.class)
@WithTestResource(value = TwoSites.class, initArgs = @ResourceArg(name = "notifications", value = "true"))
class MetricsContractTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> SITES = List.of("dc1", "dc2");
    private static final List<Map<String, String>> DIRECTIONS = List.of(
            Map.of("source_site", "dc1", "target_site", "dc2"), Map.of("source_site", "dc2", "target_site", "dc1"));

    @TwoSites.InjectInfra
    TwoSites.Infra infra;

    @Inject
    ActiveProfile profile;

    @BeforeEach
    void awaitProbesFlowingBothWays() {
        await("replication lag measured both ways")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    PrometheusText m = metrics();
                    for (Map<String, String> d : DIRECTIONS) {
                        assertThat(m.value("syncmeter_replication_lag_seconds_count", d))
                                .as("lag count %s", d)
                                .hasValueSatisfying(v -> assertThat(v).isPositive());
                    }
                });
    }

    @Test
    void shouldExportProbeWritesPerSiteAndOutcome() {
        PrometheusText m = metrics();
        for (String site : SITES) {
            for (String outcome : List.of("ok", "error", "skipped", "unpublished")) {
                assertThat(m.value("syncmeter_probe_writes_total", Map.of("site", site, "outcome", outcome)))
                        .as("syncmeter_probe_writes_total{site=%s,outcome=%s}", site, outcome)
                        .isPresent();
            }
            assertThat(m.value("syncmeter_probe_writes_total", Map.of("site", site, "outcome", "ok")))
                    .hasValueSatisfying(v -> assertThat(v).isPositive());
        }
    }

    @Test
    void shouldExportProbeWriteDurationAsHistogramPerSite() {
        PrometheusText m = metrics();
        for (String site : SITES) {
            Map<String, String> labels = Map.of("site", site);
            assertThat(m.samples("syncmeter_probe_write_duration_seconds_bucket", labels))
                    .as("buckets at %s", site)
                    .isNotEmpty()
                    .allSatisfy(s -> assertThat(s.labels()).containsKey("le"))
                    .anySatisfy(s -> assertThat(s.labels()).containsEntry("le", "+Inf"));
            assertThat(m.value("syncmeter_probe_write_duration_seconds_count", labels))
                    .hasValueSatisfying(v -> assertThat(v).isPositive());
            assertThat(m.value("syncmeter_probe_write_duration_seconds_sum", labels))
                    .isPresent();
        }
    }

    @Test
    void shouldExportReplicationLagHistogramFromMillisecondsToTheGiveUpTime() {
        PrometheusText m = metrics();
        double giveUpSeconds = profile.get().giveUp().toNanos() / 1e9;
        for (Map<String, String> d : DIRECTIONS) {
            List<Double> bounds = m.samples("syncmeter_replication_lag_seconds_bucket", d).stream()
                    .map(s -> s.labels().get("le"))
                    .filter(le -> le != null && !le.equals("+Inf"))
                    .map(Double::parseDouble)
                    .toList();
            assertThat(bounds).as("lag bucket bounds %s", d).contains(0.005, giveUpSeconds);
            assertThat(bounds.stream().mapToDouble(Double::doubleValue).max().orElseThrow())
                    .as("no bound above the give-up time (%s s) %s", giveUpSeconds, d)
                    .isEqualTo(giveUpSeconds);
            assertThat(m.samples("syncmeter_replication_lag_seconds_bucket", d))
                    .anySatisfy(s -> assertThat(s.labels()).containsEntry("le", "+Inf"));
            assertThat(m.value("syncmeter_replication_lag_seconds_sum", d)).isPresent();
        }
    }

    @Test
    void shouldExportReplicationOutcomesPendingAndResolutionPerDirection() {
        PrometheusText m = metrics();
        for (Map<String, String> d : DIRECTIONS) {
            for (String outcome : List.of("replicated", "late", "missing", "corrupt", "duplicate")) {
                assertThat(m.value("syncmeter_replication_objects_total", with(d, "outcome", outcome)))
                        .as("syncmeter_replication_objects_total %s outcome=%s", d, outcome)
                        .isPresent();
            }
            assertThat(m.value("syncmeter_replication_objects_total", with(d, "outcome", "replicated")))
                    .hasValueSatisfying(v -> assertThat(v).isPositive());
            assertThat(m.value("syncmeter_replication_pending_objects", d))
                    .as("pending %s", d)
                    .isPresent();
            assertThat(m.value("syncmeter_replication_lag_resolution_seconds", d))
                    .as("resolution %s", d)
                    .isPresent();
        }
    }

    @Test
    void shouldExportDetectionRequestsPerTargetSite() {
        PrometheusText m = metrics();
        for (String site : SITES) {
            assertThat(m.value("syncmeter_detection_requests_total", Map.of("site", site)))
                    .as("detection requests at %s", site)
                    .hasValueSatisfying(v -> assertThat(v).isPositive());
        }
    }

    @Test
    void shouldExportSyncObjectsAndBytesPerDirection() {
        PrometheusText m = metrics();
        for (Map<String, String> d : DIRECTIONS) {
            assertThat(m.samples("syncmeter_sync_objects_total", d))
                    .as("sync objects %s", d)
                    .isNotEmpty()
                    .allSatisfy(s -> assertThat(s.labels()).containsKey("outcome"));
            assertThat(m.samples("syncmeter_sync_objects_total", d).stream()
                            .mapToDouble(PrometheusText.Sample::value)
                            .sum())
                    .as("sync results %s", d)
                    .isPositive();
            assertThat(m.value("syncmeter_sync_bytes_total", d))
                    .as("sync bytes %s", d)
                    .hasValueSatisfying(v -> assertThat(v).isPositive());
        }
    }

    @Test
    void shouldPlaceALagBucketBoundExactlyOnEveryObjectiveThreshold() {
        PrometheusText m = metrics();
        for (Map<String, String> d : DIRECTIONS) {
            assertThat(m.samples("syncmeter_replication_lag_seconds_bucket", d))
                    .extracting(s -> s.labels().get("le"))
                    .as("the default objectives' thresholds: 60 s (freshness) and 15 min (replication)")
                    .contains("60.0", "900.0");
        }
    }

    @Test
    void shouldExportSlaEventsComplianceBudgetAndBurnRatesPerObjectiveAndSeries() {
        await("SLA figures evaluated")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(metrics()
                                .value(
                                        "syncmeter_sla_compliance_ratio",
                                        with(DIRECTIONS.get(0), "objective", "replication")))
                        .hasValueSatisfying(v -> assertThat(v).isEqualTo(1.0)));
        PrometheusText m = metrics();
        List<Map<String, String>> series = new java.util.ArrayList<>();
        for (String objective : List.of("replication", "freshness")) {
            for (Map<String, String> d : DIRECTIONS) {
                series.add(with(d, "objective", objective));
            }
        }
        for (String site : SITES) {
            series.add(Map.of("objective", "probe-writes", "source_site", site, "target_site", ""));
        }
        for (Map<String, String> s : series) {
            assertThat(m.value("syncmeter_sla_events_total", s))
                    .as("syncmeter_sla_events_total%s", s)
                    .hasValueSatisfying(v -> assertThat(v).isPositive());
            assertThat(m.value("syncmeter_sla_good_events_total", s))
                    .as("good %s", s)
                    .isPresent();
            assertThat(m.value("syncmeter_sla_compliance_ratio", s))
                    .as("compliance %s", s)
                    .isPresent();
            assertThat(m.value("syncmeter_sla_error_budget_remaining_ratio", s))
                    .as("budget %s", s)
                    .isPresent();
            for (String window : List.of("5m", "30m", "1h", "6h")) {
                assertThat(m.value("syncmeter_sla_burn_rate", with(s, "window", window)))
                        .as("burn rate %s %s", s, window)
                        .isPresent();
            }
        }
        for (Map<String, String> d : DIRECTIONS) {
            for (String type : List.of("missed-threshold", "replicated-after-threshold", "missing", "corrupt")) {
                assertThat(m.value(
                                "syncmeter_sla_threshold_events_total",
                                with(with(d, "objective", "replication"), "type", type)))
                        .as("threshold events %s %s", d, type)
                        .isPresent();
            }
        }
        assertThat(m.value(
                        "syncmeter_sla_objective_target_ratio",
                        Map.of("objective", "replication", "kind", "replication")))
                .contains(0.999);
        assertThat(m.value("syncmeter_sla_objective_threshold_seconds", Map.of("objective", "replication")))
                .contains(900.0);
        assertThat(m.value(
                        "syncmeter_sla_objective_period_seconds",
                        Map.of("objective", "freshness", "kind", "freshness")))
                .contains(300.0);
    }

    @Test
    void shouldExportProbeLifecycleSeriesPerSiteFromTheStart() {
        PrometheusText m = metrics();
        for (String site : SITES) {
            for (String outcome : List.of("ok", "error", "skipped")) {
                assertThat(m.value(
                                "syncmeter_probe_deletes_total",
                                Map.of("site", site, "reason", "resolved", "outcome", outcome)))
                        .as("syncmeter_probe_deletes_total{site=%s,reason=resolved,outcome=%s}", site, outcome)
                        .isPresent();
            }
            for (String outcome : List.of("ok", "error")) {
                assertThat(m.value(
                                "syncmeter_probe_deletes_total",
                                Map.of("site", site, "reason", "retention", "outcome", outcome)))
                        .as("syncmeter_probe_deletes_total{site=%s,reason=retention,outcome=%s}", site, outcome)
                        .isPresent();
            }
            for (String outcome : List.of("complete", "partial", "error")) {
                assertThat(m.value("syncmeter_probe_sweeps_total", Map.of("site", site, "outcome", outcome)))
                        .as("syncmeter_probe_sweeps_total{site=%s,outcome=%s}", site, outcome)
                        .isPresent();
            }
            assertThat(m.value("syncmeter_probe_stored_objects", Map.of("site", site)))
                    .as("stored probe objects at %s", site)
                    .isPresent();
            for (String state : List.of("installed", "unsupported", "error", "off")) {
                assertThat(m.value("syncmeter_probe_bucket_rule", Map.of("site", site, "state", state)))
                        .as("syncmeter_probe_bucket_rule{site=%s,state=%s}", site, state)
                        .isPresent();
            }
            // off by default
            assertThat(m.value("syncmeter_probe_bucket_rule", Map.of("site", site, "state", "off")))
                    .hasValue(1.0);
        }
        assertThat(m.value("syncmeter_probe_pending_deletions", Map.of())).isPresent();
    }

    @Test
    void shouldCountAMalformedProbeEventAsRejected() throws Exception {
        Map<String, String> labels = Map.of("topic", "syncmeter.probes", "reason", "malformed-json");
        double before =
                metrics().value("syncmeter_events_rejected_total", labels).orElse(0.0);
        TestKafka.send(infra.bootstrapServers(), "syncmeter.probes", "contract-test", "not json");

        await("syncmeter_events_rejected_total{topic=syncmeter.probes,reason=malformed-json} counts it")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(metrics().value("syncmeter_events_rejected_total", labels))
                        .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(before + 1)));
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> out = new java.util.HashMap<>(labels);
        out.put(name, value);
        return out;
    }

    private static PrometheusText metrics() {
        String body = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return PrometheusText.parse(body);
    }
}
