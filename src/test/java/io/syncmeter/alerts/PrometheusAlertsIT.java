package io.syncmeter.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.syncmeter.sla.SlaEvaluator;
import io.syncmeter.testing.PrometheusServer;
import io.syncmeter.testing.TestReplicator;
import io.syncmeter.testing.TestReplicator.Plan;
import io.syncmeter.testing.TwoSites;
import jakarta.inject.Inject;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated rules in a real Prometheus scraping a running syncmeter (real broker, real S3 sites,
 * probe writers at 10/s per site, a test replicator whose delay the test changes). The objective is
 * scaled to seconds: 99 % of probes within 1 s over 12 h, so its page alert looks at 60 s and 5 s
 * (and 6 min and 30 s) and holds 2 s. Replication made slower than the threshold must make the page
 * alert go pending, then firing, and it must resolve once the delay is gone. Every expression of
 * every rule must evaluate without error, every recording rule must return data, and every metric an
 * alert reads must exist, except those of features off here, listed with the reason.
 */
@QuarkusTest
@TestProfile(PrometheusAlertsIT.Profile.class)
@WithTestResource(TwoSites.class)
class PrometheusAlertsIT {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new HashMap<>();
            m.put("syncmeter.sync.enabled", "false");
            m.put("syncmeter.probe.rate", "10");
            m.put("syncmeter.collector.poll-interval", "100ms");
            m.put("syncmeter.collector.straggler-after", "2s");
            m.put("syncmeter.sla.objectives.fast.kind", "replication");
            m.put("syncmeter.sla.objectives.fast.target", "99%");
            m.put("syncmeter.sla.objectives.fast.threshold", "1s");
            m.put("syncmeter.sla.objectives.fast.period", "12h");
            m.put("syncmeter.sla.flush-interval", "1s");
            m.put("syncmeter.sla.evaluation-interval", "1s");
            return m;
        }
    }

    static final Duration MIN_WINDOW = Duration.ofSeconds(5);
    static final String PAGE = "SyncmeterSLOBurnRatePage";

    /** Metrics no feature of this test exports, and why; an alert reading them is checked for errors only. */
    static final Map<String, String> EXPECTED_EMPTY = Map.of(
            "syncmeter_rgw_sync_gateways", "no RGW zone is configured here",
            "syncmeter_rgw_zone_endpoints_without_sync", "no RGW zone is configured here",
            "syncmeter_rgw_sync_oldest_change_age_seconds", "no RGW zone is configured here",
            "syncmeter_rgw_state_read_errors_total", "no RGW zone is configured here");

    /** Dashboard panels ("file: title") that show a feature that is off here, and why. */
    private static final String RGW = "no RGW zone is configured here";

    static final Map<String, String> EXPECTED_EMPTY_PANELS = Map.ofEntries(
            Map.entry("syncmeter-overview.json: Rejected records", "no record was rejected in this run"),
            Map.entry("syncmeter-sites.json: Write availability", "only a replication objective is declared here"),
            Map.entry("syncmeter-rgw.json: Data log poll latency", RGW),
            Map.entry("syncmeter-rgw.json: Fetched bytes", RGW),
            Map.entry("syncmeter-rgw.json: Gateways running the sync", RGW),
            Map.entry("syncmeter-rgw.json: Gateways running the sync, over time", RGW),
            Map.entry("syncmeter-rgw.json: Oldest change not applied", RGW),
            Map.entry("syncmeter-rgw.json: Shards behind", RGW),
            Map.entry("syncmeter-rgw.json: State read errors", RGW),
            Map.entry("syncmeter-rgw.json: Sync errors", RGW));

    private static final Pattern METRIC = Pattern.compile("\\b(up|syncmeter[_:][a-z0-9_:]+)\\b");

    @TwoSites.InjectInfra
    TwoSites.Infra infra;

    @Inject
    SlaEvaluator sla;

    @TempDir
    Path dir;

    @Test
    void shouldPageWhenReplicationIsSlowAndResolveWhenItRecovers() throws Exception {
        String text = RulesCommand.generate(sla.objectives(), MIN_WINDOW, "dashboards/runbook.md", "syncmeter");
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, text);
        AtomicReference<Duration> delay = new AtomicReference<>(Duration.ofMillis(100));

        try (TestReplicator replicator = new TestReplicator(infra, p -> new Plan.CopyAfter(delay.get())).start();
                PrometheusServer prometheus = PrometheusServer.start(
                        dir, "syncmeter", "127.0.0.1:" + RestAssured.port, "/q/metrics", rules)) {
            // and no page: on a slow machine the first probes after start can miss the 1 s threshold
            // and page, which must have resolved before the test makes replication slow
            await("the SLI recorded, every probe in time, no page")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        JsonNode r = result(prometheus, "syncmeter:sla_error_ratio:rate5s{objective=\"fast\"}");
                        assertThat(r).hasSize(2);
                        r.forEach(s ->
                                assertThat(s.path("value").get(1).asDouble()).isZero());
                        assertThat(states(prometheus)).doesNotContainKey(PAGE);
                    });

            everyExpressionEvaluates(prometheus, text);

            // slower than the 1 s threshold: every probe is bad from now on
            delay.set(Duration.ofSeconds(3));
            Set<String> seen = new LinkedHashSet<>();
            await("the page alert pending, then firing")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        String state = states(prometheus).get(PAGE);
                        if (state != null) {
                            seen.add(state);
                        }
                        return "firing".equals(state);
                    });
            assertThat(seen).as("states seen, in order").containsExactly("pending", "firing");
            JsonNode firing = alert(prometheus, PAGE);
            assertThat(firing.path("labels").path("objective").asText()).isEqualTo("fast");
            assertThat(firing.path("labels").path("severity").asText()).isEqualTo("page");
            assertThat(firing.path("annotations").path("description").asText())
                    .contains("Objective fast")
                    .containsPattern("dc[12] -> dc[12]");

            everyDashboardPanelEvaluates(prometheus);

            delay.set(Duration.ofMillis(100));
            await("the page alert resolved once replication is fast again")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !states(prometheus).containsKey(PAGE));
        }
    }

    /** Every rule's expression runs without error; records return data; the metrics alerts read exist. */
    private static void everyExpressionEvaluates(PrometheusServer prometheus, String text) throws Exception {
        List<String> problems = new ArrayList<>();
        for (JsonNode group : new YAMLMapper().readTree(text).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String expr = rule.path("expr").asText();
                JsonNode r = prometheus.query(expr);
                String name = rule.has("record")
                        ? rule.path("record").asText()
                        : rule.path("alert").asText();
                if (!"success".equals(r.path("status").asText())) {
                    problems.add(name + ": " + r.path("error").asText());
                    continue;
                }
                if (rule.has("record")) {
                    if (r.path("data").path("result").isEmpty()) {
                        problems.add(name + " returns no data: " + expr);
                    }
                    continue;
                }
                Matcher m = METRIC.matcher(expr);
                while (m.find()) {
                    String metric = m.group(1);
                    if (EXPECTED_EMPTY.containsKey(metric)) {
                        continue;
                    }
                    if (result(prometheus, metric).isEmpty()) {
                        problems.add(name + " reads " + metric + ", which has no data");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Every query of every panel of every dashboard, with Grafana's variables filled in as "All":
     * none errors, and each panel returns data unless it is listed in {@link #EXPECTED_EMPTY_PANELS}.
     */
    private static void everyDashboardPanelEvaluates(PrometheusServer prometheus) throws Exception {
        List<String> problems = new ArrayList<>();
        Set<String> empty = new TreeSet<>();
        ObjectMapper json = new ObjectMapper();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("dashboards"), "*.json")) {
            for (Path file : files) {
                JsonNode dashboard = json.readTree(file.toFile());
                for (JsonNode panel : panels(dashboard.path("panels"), new ArrayList<>())) {
                    String where =
                            file.getFileName() + ": " + panel.path("title").asText();
                    boolean data = false;
                    for (JsonNode target : panel.path("targets")) {
                        String expr = grafana(target.path("expr").asText());
                        if (expr.isBlank()) {
                            continue;
                        }
                        JsonNode r = prometheus.query(expr);
                        if (!"success".equals(r.path("status").asText())) {
                            problems.add(where + ": " + r.path("error").asText() + " in " + expr);
                        } else if (!r.path("data").path("result").isEmpty()) {
                            data = true;
                        }
                    }
                    if (panel.path("targets").size() > 0 && !data) {
                        empty.add(where);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(empty).as("panels without data").isEqualTo(EXPECTED_EMPTY_PANELS.keySet());
    }

    private static List<JsonNode> panels(JsonNode list, List<JsonNode> out) {
        for (JsonNode p : list) {
            out.add(p);
            panels(p.path("panels"), out);
        }
        return out;
    }

    /** A panel query as Grafana sends it: every variable "All" (.*), the interval macros set for 1 s scrapes. */
    static String grafana(String expr) {
        return expr.replace("$__rate_interval", "20s")
                .replace("$__interval", "5s")
                .replace("$__range", "5m")
                .replaceAll("\\$\\{?[a-z_]+}?", ".*");
    }

    private static JsonNode result(PrometheusServer prometheus, String promql) throws Exception {
        JsonNode r = prometheus.query(promql);
        assertThat(r.path("status").asText()).as("%s: %s", promql, r).isEqualTo("success");
        return r.path("data").path("result");
    }

    /** Alert name → state, for the objective of this test. */
    private static Map<String, String> states(PrometheusServer prometheus) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (JsonNode a : prometheus.alerts()) {
            if (a.path("labels").path("objective").asText().equals("fast")) {
                String name = a.path("labels").path("alertname").asText();
                String state = a.path("state").asText();
                // several directions: firing wins
                out.merge(name, state, (x, y) -> x.equals("firing") || y.equals("firing") ? "firing" : x);
            }
        }
        return out;
    }

    private static JsonNode alert(PrometheusServer prometheus, String name) throws Exception {
        for (JsonNode a : prometheus.alerts()) {
            if (a.path("labels").path("alertname").asText().equals(name)
                    && a.path("state").asText().equals("firing")) {
                return a;
            }
        }
        throw new AssertionError("no firing " + name);
    }
}
