package io.syncmeter.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.syncmeter.testing.TwoSites;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/sla} over two real sites with the default objectives: every objective and series
 * with its window, counts, compliance, budget and burn rates; the filters; a 400 problem naming the
 * parameter for an unknown objective or site; readiness once the state is read back. Same profile and
 * resource as {@link MetricsContractTest}, so they share one Quarkus boot.
 */
@QuarkusTest
@TestProfile(FastProbes.class)
@WithTestResource(value = TwoSites.class, initArgs = @ResourceArg(name = "notifications", value = "true"))
class SlaResourceTest {

    @Test
    void shouldReportEveryObjectiveAndSeriesWithWindowCountsComplianceBudgetAndBurnRates() {
        await("events counted for every series")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonPath sla = get("").then().statusCode(200).extract().jsonPath();
                    for (int o = 0; o < 3; o++) {
                        for (int s = 0; s < 2; s++) {
                            assertThat(sla.getLong("objectives[" + o + "].series[" + s + "].totalEvents"))
                                    .as("objective %d series %d", o, s)
                                    .isPositive();
                        }
                    }
                });
        JsonPath sla = get("").then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .jsonPath();

        assertThat(sla.getBoolean("enabled")).isTrue();
        assertThat(sla.getBoolean("restored")).isTrue();
        assertThat(sla.getList("objectives.name", String.class))
                .containsExactly("freshness", "probe-writes", "replication");
        assertThat(sla.getList("objectives.kind", String.class))
                .containsExactly("freshness", "write-availability", "replication");
        assertThat(sla.getDouble("objectives[2].target")).isEqualTo(0.999);
        assertThat(sla.getDouble("objectives[2].thresholdSeconds")).isEqualTo(900.0);
        assertThat(sla.getDouble("objectives[2].periodSeconds")).isEqualTo(30 * 86400.0);
        assertThat(sla.getString("objectives[1].thresholdSeconds"))
                .as("write availability has none")
                .isNull();

        Map<String, Object> replication = sla.getMap("objectives[2].series[0]");
        assertThat(replication)
                .containsEntry("sourceSite", "dc1")
                .containsEntry("targetSite", "dc2")
                .doesNotContainKey("site");
        assertThat(replication)
                .containsKeys(
                        "window",
                        "goodEvents",
                        "totalEvents",
                        "badEvents",
                        "compliance",
                        "errorBudget",
                        "burnRates",
                        "status",
                        "worstOffenders");
        Instant start = Instant.parse(sla.getString("objectives[2].series[0].window.start"));
        Instant end = Instant.parse(sla.getString("objectives[2].series[0].window.end"));
        assertThat(Duration.between(start, end)).isBetween(Duration.ofDays(30).minusMinutes(1), Duration.ofDays(30));
        assertThat(sla.getMap("objectives[2].series[0].burnRates")).containsOnlyKeys("5m", "30m", "1h", "6h");
        assertThat(sla.getList("objectives[2].series[0].worstOffenders")).isNotEmpty();
        assertThat(sla.getString("objectives[2].series[0].worstOffenders[0].probeKey"))
                .startsWith("syncmeter-probes/dc1/");

        Map<String, Object> writes = sla.getMap("objectives[1].series[0]");
        assertThat(writes).containsEntry("site", "dc1").doesNotContainKeys("sourceSite", "targetSite");
        // a loaded machine may skip a probe slot (a bad write event), so the figures are checked
        // against each other, not against 1.0
        long good = sla.getLong("objectives[1].series[0].goodEvents");
        long total = sla.getLong("objectives[1].series[0].totalEvents");
        assertThat(total).isPositive();
        double compliance = sla.getDouble("objectives[1].series[0].compliance");
        // JsonPath reads a JSON number as a float: 1e-6 is its precision here, not the service's
        assertThat(compliance).isCloseTo((double) good / total, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(sla.getString("objectives[1].series[0].status")).isEqualTo(compliance >= 0.999 ? "met" : "breached");
        assertThat(sla.getDouble("objectives[1].series[0].errorBudget.remaining"))
                .isCloseTo(
                        good == total ? 1.0 : 1.0 - (total - good) / (0.001 * total),
                        org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void shouldSelectObjectivesAndSeriesByQueryParameters() {
        JsonPath bySite = get("?site=dc2").then().statusCode(200).extract().jsonPath();
        assertThat(bySite.getList("objectives.name", String.class)).containsExactly("probe-writes");
        assertThat(bySite.getList("objectives[0].series.site", String.class)).containsExactly("dc2");

        JsonPath byDirection = get("?objective=replication&source=dc2&target=dc1")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(byDirection.getList("objectives.name", String.class)).containsExactly("replication");
        assertThat(byDirection.getList("objectives[0].series.sourceSite", String.class))
                .containsExactly("dc2");
    }

    @Test
    void shouldAnswerAProblemNamingTheParameterForAnUnknownObjectiveOrSite() {
        for (Map.Entry<String, String> bad : Map.of(
                        "objective", "latency", "source", "dc9", "target", "x", "site", "nowhere")
                .entrySet()) {
            JsonPath problem = get("?" + bad.getKey() + "=" + bad.getValue())
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .extract()
                    .jsonPath();
            assertThat(problem.getInt("status")).isEqualTo(400);
            assertThat(problem.getString("detail"))
                    .contains("'" + bad.getKey() + "'")
                    .contains("'" + bad.getValue() + "'");
        }
    }

    @Test
    void shouldBeReadyWithTheSlaStateReadBack() {
        JsonPath ready = given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Map<String, Object>> checks = ready.getList("checks");
        assertThat(checks).anySatisfy(c -> {
            assertThat(c).containsEntry("name", "syncmeter-sla").containsEntry("status", "UP");
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) c.get("data");
            assertThat(data).containsEntry("restored", true);
        });
    }

    private static io.restassured.response.Response get(String query) {
        return given().when().get("/api/sla" + query);
    }
}
