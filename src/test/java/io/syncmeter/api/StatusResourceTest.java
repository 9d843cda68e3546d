package io.syncmeter.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.syncmeter.testing.TwoSites;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/status} and readiness over two real sites: the per-direction figures, the source
 * filter, the problem response for an unknown site. Same profile and resource as {@link
 * MetricsContractTest}, so both share one Quarkus boot.
 */
@QuarkusTest
@TestProfile(FastProbes.class)
@WithTestResource(value = TwoSites.class, initArgs = @ResourceArg(name = "notifications", value = "true"))
class StatusResourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> WINDOW_FIELDS = List.of("p50", "p90", "p99", "p999", "max", "count");

    @Test
    void shouldReportBothDirectionsWithPercentilesOutcomesPendingAndResolution() {
        await("both directions have samples since start and in the last interval")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonPath status =
                            status("").then().statusCode(200).extract().jsonPath();
                    List<Map<String, Object>> directions = status.getList("directions");
                    assertThat(directions)
                            .extracting(d -> d.get("sourceSite") + "->" + d.get("targetSite"))
                            .containsExactly("dc1->dc2", "dc2->dc1");
                    for (int i = 0; i < 2; i++) {
                        String d = "directions[" + i + "].";
                        assertThat(status.getLong(d + "sinceStart.count")).isPositive();
                        assertThat(status.getLong(d + "lastInterval.count")).isPositive();
                    }
                });

        Response response = status("");
        response.then().statusCode(200).contentType("application/json");
        JsonPath status = response.jsonPath();
        assertThat(status.getList("sites", String.class)).containsExactly("dc1", "dc2");
        // the last interval keeps rolling: it ended at most two report intervals ago
        Instant generatedAt = Instant.parse(status.getString("generatedAt"));
        Duration reportInterval = Duration.ofMillis((long) (status.getDouble("reportIntervalSeconds") * 1000));
        for (int i = 0; i < 2; i++) {
            Instant end = Instant.parse(status.getString("directions[" + i + "].lastInterval.end"));
            assertThat(Duration.between(end, generatedAt))
                    .as("age of the last interval of direction %d (report interval %s)", i, reportInterval)
                    .isLessThanOrEqualTo(reportInterval.multipliedBy(2));
        }
        for (int i = 0; i < 2; i++) {
            String d = "directions[" + i + "].";
            Map<String, Object> sinceStart = status.getMap(d + "sinceStart");
            Map<String, Object> lastInterval = status.getMap(d + "lastInterval");
            assertThat(sinceStart).containsKeys(WINDOW_FIELDS.toArray(String[]::new));
            assertThat(lastInterval).containsKeys(WINDOW_FIELDS.toArray(String[]::new));
            for (String p : List.of("p50", "p90", "p99", "p999", "max")) {
                assertThat(status.getDouble(d + "sinceStart." + p))
                        .as(d + "sinceStart." + p)
                        .isPositive()
                        .isLessThanOrEqualTo(status.getDouble(d + "sinceStart.max"));
            }
            assertThat(status.getDouble(d + "sinceStart.p50"))
                    .isLessThanOrEqualTo(status.getDouble(d + "sinceStart.p99"));
            assertThat(status.getMap(d + "outcomes", String.class, Object.class))
                    .containsOnlyKeys("replicated", "late", "missing", "corrupt", "duplicate");
            assertThat(status.getLong(d + "outcomes.replicated")).isPositive();
            assertThat(status.getInt(d + "pending")).isNotNegative();
            assertThat(status.getDouble(d + "resolutionSeconds")).isPositive();
        }
    }

    @Test
    void shouldSelectOneDirectionBySource() {
        JsonPath status = status("?source=dc1").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> directions = status.getList("directions");
        assertThat(directions).hasSize(1);
        assertThat(directions.get(0)).containsEntry("sourceSite", "dc1").containsEntry("targetSite", "dc2");
    }

    @Test
    void shouldAnswerAnUnknownSiteWithAProblemNamingTheParameterAndTheValue() {
        Response response = status("?source=nope");
        response.then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        JsonPath problem = response.jsonPath();
        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getString("detail")).contains("source").contains("nope");
    }

    @Test
    void shouldKeepTheRecentReportIntervalsOfEachDirectionOldestFirst() {
        await("both directions have closed intervals with samples in the history")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonPath history = history("?minutes=5")
                            .then()
                            .statusCode(200)
                            .contentType("application/json")
                            .extract()
                            .jsonPath();
                    assertThat(history.getInt("minutes")).isEqualTo(5);
                    assertThat(history.getInt("retainedMinutes")).isEqualTo(60);
                    assertThat(history.getList("directions.sourceSite")).containsExactly("dc1", "dc2");
                    for (int i = 0; i < 2; i++) {
                        String d = "directions[" + i + "].intervals";
                        List<Map<String, Object>> intervals = history.getList(d);
                        assertThat(intervals).hasSizeGreaterThanOrEqualTo(2);
                        assertThat(history.getList(d + ".count", Long.class).stream()
                                        .mapToLong(Long::longValue)
                                        .sum())
                                .isPositive();
                        assertThat(history.getList(d + ".outcomes.replicated", Long.class).stream()
                                        .mapToLong(Long::longValue)
                                        .sum())
                                .as("probes replicated in the intervals")
                                .isPositive();
                        List<Instant> ends = history.getList(d + ".end", String.class).stream()
                                .map(Instant::parse)
                                .toList();
                        assertThat(ends).isSorted();
                        // each interval starts where the one before it ended
                        for (int k = 1; k < intervals.size(); k++) {
                            assertThat(Instant.parse(history.getString(d + "[" + k + "].start")))
                                    .isEqualTo(ends.get(k - 1));
                        }
                        assertThat(history.getMap(d + "[-1].outcomes", String.class, Object.class))
                                .containsOnlyKeys("replicated", "late", "missing", "corrupt", "duplicate");
                    }
                });
        // without minutes: the default span
        history("").then().statusCode(200);
        assertThat(history("").jsonPath().getInt("minutes")).isEqualTo(StatusResource.DEFAULT_HISTORY_MINUTES);
        assertThat(history("?source=dc2").jsonPath().getList("directions.targetSite"))
                .containsExactly("dc1");
    }

    @Test
    void shouldAnswerBadMinutesWithAProblemNamingTheParameterAndTheRange() {
        for (String bad : List.of("0", "-1", "abc", "1.5", "61", "99999999999")) {
            Response response = history("?minutes=" + bad);
            response.then().statusCode(400).contentType(Problem.MEDIA_TYPE);
            assertThat(response.jsonPath().getString("detail"))
                    .as("minutes=%s", bad)
                    .contains("minutes")
                    .contains("from 1 to 60")
                    .contains(bad);
        }
        history("?source=nope").then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void shouldBeReadyWithBothSitesUp() {
        JsonPath health = given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(health.getString("status")).isEqualTo("UP");
        Map<String, Object> sites = health.getMap("checks.find { it.name == 'syncmeter-sites' }");
        assertThat(sites).as(health.prettify()).isNotNull().containsEntry("status", "UP");
        assertThat(health.getMap("checks.find { it.name == 'syncmeter-sites' }.data", String.class, String.class))
                .containsEntry("dc1", "UP")
                .containsEntry("dc2", "UP");
    }

    private static Response history(String query) {
        return given().accept("application/json").when().get("/api/status/history" + query);
    }

    private static Response status(String query) {
        return given().accept("application/json").when().get("/api/status" + query);
    }
}
