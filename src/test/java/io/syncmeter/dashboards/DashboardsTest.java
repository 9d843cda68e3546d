package io.syncmeter.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dashboards of {@code dashboards/} keep the structural rules of {@link DashboardLint}, and each
 * rule fails on a small dashboard that breaks it. Whether the metrics they name are exported is
 * {@link DashboardMetricsTest}'s part (it needs the running application).
 */
class DashboardsTest {

    private static final String DS = "{\"type\":\"prometheus\",\"uid\":\"${datasource}\"}";

    /** A small dashboard that keeps every rule: a row, two panels, a collapsed row with a child, a row. */
    private static final String GOOD = """
            {"uid":"t","title":"T","schemaVersion":39,"tags":["syncmeter"],
             "time":{"from":"now-1h","to":"now"},"refresh":"30s",
             "templating":{"list":[
               {"name":"datasource","type":"datasource","query":"prometheus"},
               {"name":"site","type":"query","datasource":DS,"multi":true,"includeAll":true,
                "query":{"query":"label_values(syncmeter_probe_writes_total, site)"}}]},
             "panels":[
               {"id":1,"type":"row","title":"R","collapsed":false,"gridPos":{"x":0,"y":0,"w":24,"h":1},"panels":[]},
               {"id":2,"type":"timeseries","title":"Writes at $site","datasource":DS,
                "gridPos":{"x":0,"y":1,"w":12,"h":8},
                "targets":[{"refId":"A","datasource":DS,
                  "expr":"sum by (site) (rate(syncmeter_probe_writes_total{site=~\\"$site\\"}[$__rate_interval]))"}]},
               {"id":3,"type":"heatmap","title":"Latency","datasource":DS,"gridPos":{"x":12,"y":1,"w":12,"h":8},
                "targets":[{"refId":"A","datasource":DS,"format":"heatmap",
                  "expr":"sum by (le) (rate(syncmeter_probe_write_duration_seconds_bucket[5m]))"}]},
               {"id":4,"type":"row","title":"C","collapsed":true,"gridPos":{"x":0,"y":9,"w":24,"h":1},"panels":[
                 {"id":5,"type":"stat","title":"p99","datasource":DS,"gridPos":{"x":0,"y":10,"w":24,"h":6},
                  "targets":[{"refId":"A","datasource":DS,
                    "expr":"histogram_quantile(0.99, sum by (site, le) (rate(syncmeter_probe_write_duration_seconds_bucket[5m])))"}]}]},
               {"id":6,"type":"row","title":"After","collapsed":false,"gridPos":{"x":0,"y":10,"w":24,"h":1},"panels":[]}
             ]}
            """.replace("DS", DS);

    static Stream<String> dashboardFiles() {
        return DashboardFiles.dashboards().keySet().stream();
    }

    @Test
    void shouldShipTheFourDashboards() {
        assertThat(DashboardFiles.dashboards())
                .containsKeys(
                        "syncmeter-overview.json", "syncmeter-sync.json", "syncmeter-sites.json", "syncmeter-rgw.json");
    }

    @ParameterizedTest
    @MethodSource("dashboardFiles")
    void shouldKeepTheStructuralRules(String file) {
        assertThat(DashboardLint.problems(DashboardFiles.dashboards().get(file)))
                .as(file)
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboardFiles")
    void shouldUseSchema39AndAUidOfItsFileName(String file) {
        JsonNode d = DashboardFiles.dashboards().get(file);
        assertThat(d.path("schemaVersion").asInt()).isEqualTo(39);
        assertThat(d.path("uid").asText() + ".json").isEqualTo(file);
    }

    @ParameterizedTest
    @MethodSource("dashboardFiles")
    void shouldSelectSitesOrZonesWithVariables(String file) {
        JsonNode d = DashboardFiles.dashboards().get(file);
        List<String> variables = d.path("templating").path("list").findValuesAsText("name");
        assertThat(variables).contains("datasource").containsAnyOf("site", "source_site", "zone");
    }

    @Test
    void shouldFindNoProblemInTheGoodExample() {
        assertThat(DashboardLint.problems(good())).isEmpty();
        assertThat(DashboardLint.metrics(good()))
                .containsOnlyKeys("syncmeter_probe_writes_total", "syncmeter_probe_write_duration_seconds_bucket");
    }

    @Test
    void shouldRefuseTrailingTextAfterTheJson() {
        assertThatThrownBy(() -> DashboardFiles.parse(GOOD + "}")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void shouldFindOverlappingPanels() {
        assertThat(problems(d -> grid(d, "/panels/2").put("x", 6)))
                .containsExactly("panel 'Writes at $site' (id 2) and panel 'Latency' (id 3) overlap");
    }

    @Test
    void shouldFindOverlapsInsideACollapsedRowAndChildrenAboveIt() {
        assertThat(problems(d -> ((ArrayNode) d.at("/panels/3/panels"))
                        .add(((ObjectNode) d.at("/panels/3/panels/0").deepCopy()).put("id", 7))))
                .containsExactly("panel 'p99' (id 5) and panel 'p99' (id 7) overlap");
        assertThat(problems(d -> grid(d, "/panels/3/panels/0").put("y", 9)))
                .containsExactly("panel 'p99' (id 5): above its collapsed row 'C'");
    }

    @Test
    void shouldFindPanelsOffTheGrid() {
        assertThat(problems(d -> grid(d, "/panels/2").put("x", 13)))
                .anySatisfy(p -> assertThat(p).contains("(id 3): gridPos outside the 24 columns"));
        assertThat(problems(d -> grid(d, "/panels/1").put("w", 0)))
                .anySatisfy(p -> assertThat(p).contains("(id 2): gridPos outside the 24 columns or empty"));
        assertThat(problems(d -> grid(d, "/panels/1").remove("h")))
                .anySatisfy(p -> assertThat(p).contains("(id 2): gridPos missing or incomplete"));
    }

    @Test
    void shouldFindDuplicatePanelIdsAlsoInsideRows() {
        assertThat(problems(d -> ((ObjectNode) d.at("/panels/3/panels/0")).put("id", 2)))
                .containsExactly("panel 'p99' (id 2): id 2 also used by panel 'Writes at $site' (id 2)");
    }

    @Test
    void shouldFindAHardCodedDatasourceAnywhere() {
        assertThat(problems(d -> ((ObjectNode) d.at("/panels/1/datasource")).put("uid", "P1809F7CD0C75ACF3")))
                .containsExactly("/panels/1/datasource: datasource must be {\"type\":\"prometheus\",\"uid\":"
                        + "\"${datasource}\"}, is {\"type\":\"prometheus\",\"uid\":\"P1809F7CD0C75ACF3\"}");
        assertThat(problems(d -> ((ObjectNode) d.at("/panels/3/panels/0/targets/0")).put("datasource", "Prometheus")))
                .singleElement()
                .asString()
                .startsWith("/panels/3/panels/0/targets/0/datasource: datasource must be");
        assertThat(problems(d -> ((ObjectNode) d.at("/templating/list/1/datasource")).put("uid", "prom")))
                .singleElement()
                .asString()
                .startsWith("/templating/list/1/datasource: datasource must be");
    }

    @Test
    void shouldRequireTheDatasourceVariable() {
        assertThat(problems(d -> ((ArrayNode) d.at("/templating/list")).remove(0)))
                .containsExactly("no variable 'datasource' of type datasource with query 'prometheus'");
    }

    @Test
    void shouldRequireHeaderFields() {
        assertThat(problems(d -> {
                    d.remove("schemaVersion");
                    d.put("uid", "");
                    d.putArray("tags");
                }))
                .containsExactly(
                        "schemaVersion missing or not a number",
                        "uid missing or not 1-40 characters A-Z a-z 0-9 - _: ''",
                        "tag 'syncmeter' missing");
    }

    @Test
    void shouldRequireAnExpressionThatNamesAMetricInEveryTarget() {
        assertThat(problems(d -> ((ObjectNode) d.at("/panels/1/targets/0")).put("expr", " ")))
                .containsExactly("panel 'Writes at $site' (id 2) target A: expr missing or empty");
        assertThat(problems(d -> ((ObjectNode) d.at("/panels/1/targets/0")).put("expr", "vector(1)")))
                .containsExactly("panel 'Writes at $site' (id 2) target A: names no metric: vector(1)");
        assertThat(problems(d -> ((ArrayNode) d.at("/panels/1/targets")).removeAll()))
                .containsExactly("panel 'Writes at $site' (id 2): no targets");
    }

    @Test
    void shouldFindUnknownFunctionsAndUndefinedVariables() {
        assertThat(problems(d -> ((ObjectNode) d.at("/panels/1/targets/0"))
                        .put("expr", "histogram_quantil(0.9, sum by (le) (rate(x_bucket{site=~\"$sites\"}[5m])))")))
                .containsExactly(
                        "panel 'Writes at $site' (id 2) target A: unknown PromQL functions [histogram_quantil]",
                        "panel 'Writes at $site' (id 2) target A: undefined variable $sites");
    }

    @Test
    void shouldRequireQuantilesAndHeatmapsOverBucketsByLe() {
        assertThat(problems(d -> ((ObjectNode) d.at("/panels/3/panels/0/targets/0"))
                        .put("expr", "histogram_quantile(0.99, rate(syncmeter_probe_write_duration_seconds_sum[5m]))")))
                .containsExactly(
                        "panel 'p99' (id 5) target A: a quantile or heatmap over no _bucket series: "
                                + "histogram_quantile(0.99, rate(syncmeter_probe_write_duration_seconds_sum[5m]))",
                        "panel 'p99' (id 5) target A: buckets not aggregated by (…, le): "
                                + "histogram_quantile(0.99, rate(syncmeter_probe_write_duration_seconds_sum[5m]))");
        assertThat(problems(d -> ((ObjectNode) d.at("/panels/2/targets/0")).remove("format")))
                .containsExactly("panel 'Latency' (id 3) target A: a heatmap of buckets needs format heatmap");
    }

    @Test
    void shouldRequireLabelValuesVariablesWithAll() {
        assertThat(problems(d -> {
                    ObjectNode v = (ObjectNode) d.at("/templating/list/1");
                    v.put("multi", false);
                    ((ObjectNode) v.get("query")).put("query", "query_result(up)");
                }))
                .containsExactly(
                        "variable $site: query is not label_values(<metric selector>, <label>): query_result(up)",
                        "variable $site: not multi-value with All");
    }

    @Test
    void shouldReportMetricsNeitherExportedNorRecorded() {
        JsonNode d = mutated(
                x -> ((ObjectNode) x.at("/panels/3/panels/0/targets/0"))
                        .put(
                                "expr",
                                "histogram_quantile(0.99, sum by (le) (rate(syncmeter_probe_write_latency_seconds_bucket[5m])))"));
        Set<String> exported = Set.of("syncmeter_probe_writes_total", "syncmeter_probe_write_duration_seconds_bucket");
        assertThat(DashboardLint.unknownMetrics(d, exported::contains))
                .containsExactly("metric syncmeter_probe_write_latency_seconds_bucket is neither exported nor "
                        + "recorded, used by [panel 'p99' (id 5)]");
        assertThat(DashboardLint.unknownMetrics(good(), exported::contains)).isEmpty();
        assertThat(DashboardLint.unknownMetrics(good(), Set.of("syncmeter_probe_writes_total")::contains))
                .hasSize(1);
    }

    @Test
    void shouldReadMetricNamesOutOfPromQl() {
        assertThat(PromQl.names("histogram_quantile(0.99, sum by (source_site, target_site, le) "
                                + "(rate(syncmeter_replication_lag_seconds_bucket{source_site=~\"$source_site\"}"
                                + "[$__rate_interval])))")
                        .metrics())
                .containsExactly("syncmeter_replication_lag_seconds_bucket");
        assertThat(PromQl.names("count(max by (objective) (a_ratio{x=\"}\"}) < on (objective) group_left "
                        + "max by (objective) (b_ratio offset 5m)) or vector(0)"))
                .isEqualTo(new PromQl.Names(Set.of("a_ratio", "b_ratio"), Set.of("vector")));
        assertThat(PromQl.names(
                                "sum without (instance) (c_total) / on(site) group_right(kind) "
                                        + "label_replace(d_total, \"site\", \"$1\", \"target_site\", \"(.*)\") * 1e-3 > bool 0.5")
                        .metrics())
                .containsExactlyInAnyOrder("c_total", "d_total");
        assertThat(PromQl.names("max_over_time(e_seconds[1h:5m]) and f == 1 unless g[[window]] # h")
                        .metrics())
                .containsExactlyInAnyOrder("e_seconds", "f", "g");
        assertThat(PromQl.names("topk(3, sum by (le) (increase(i_bucket[${__range}])))")
                        .metrics())
                .containsExactly("i_bucket");
    }

    @Test
    void shouldReadRecordedNamesOfBothRuleFileForms() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        JsonNode plain = yaml.readTree("""
                groups:
                  - name: syncmeter
                    rules:
                      - record: syncmeter:replication_lag_seconds:p99_5m
                        expr: histogram_quantile(0.99, sum by (le) (rate(syncmeter_replication_lag_seconds_bucket[5m])))
                      - alert: SyncmeterLagHigh
                        expr: syncmeter:replication_lag_seconds:p99_5m > 60
                """);
        JsonNode resource = yaml.readTree("""
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                spec:
                  groups:
                    - name: syncmeter
                      rules:
                        - record: syncmeter:probe_write_errors:ratio_5m
                          expr: sum(rate(syncmeter_probe_writes_total{outcome!="ok"}[5m]))
                """);
        assertThat(DashboardFiles.recordedNames(plain)).containsExactly("syncmeter:replication_lag_seconds:p99_5m");
        assertThat(DashboardFiles.recordedNames(resource)).containsExactly("syncmeter:probe_write_errors:ratio_5m");
    }

    private static JsonNode good() {
        return mutated(d -> {});
    }

    private static JsonNode mutated(Consumer<ObjectNode> change) {
        try {
            ObjectNode d = (ObjectNode) DashboardFiles.parse(GOOD);
            change.accept(d);
            return d;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> problems(Consumer<ObjectNode> change) {
        return DashboardLint.problems(mutated(change));
    }

    private static ObjectNode grid(JsonNode d, String panel) {
        return (ObjectNode) d.at(panel + "/gridPos");
    }
}
