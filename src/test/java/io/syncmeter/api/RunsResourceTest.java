package io.syncmeter.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.syncmeter.testing.TwoSites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/runs} on the running service, over two real sites and the real broker: a run goes to its
 * end with its result files and report page and leaves nothing at the sites; a second run at a busy
 * site is refused; a cancelled run still cleans up; two runs compare; every bad request gets a 4xx
 * problem. The sync engine replicates the run's objects and their deletion, so nothing is left at
 * either site once it has caught up. Same profile and resource as {@link StatusResourceTest}, so they share one Quarkus boot
 * (the probes run beside the benchmark: a run never touches what is outside its prefix).
 */
@QuarkusTest
@TestProfile(FastProbes.class)
@WithTestResource(value = TwoSites.class, initArgs = @ResourceArg(name = "notifications", value = "true"))
class RunsResourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    // small and quick: 200 keys prefilled, 4 in flight, 2 s measured
    private static final List<String> QUICK = List.of(
            "keys.count=200",
            "keys.prefill=200",
            "object-size=4KiB",
            "load.concurrency=4",
            "warm-up=0s",
            "auto-terminate=",
            "duration=2s");

    @TwoSites.InjectInfra
    TwoSites.Infra infra;

    @Test
    void shouldRunAProfileToItsEndWriteItsResultsAndLeaveNothingAtTheSites() throws Exception {
        String first = startAndFinish(QUICK);
        String second = startAndFinish(QUICK);

        JsonPath run = get(first);
        assertThat(run.getList("sites", String.class)).containsExactly("dc1", "dc2");
        assertThat(run.getString("started")).isNotNull();
        assertThat(run.getString("ended")).isNotNull();
        for (String site : TwoSites.SITES) {
            String p = "progress." + site + ".";
            assertThat(run.getLong(p + "prefilled")).as(p + "prefilled").isEqualTo(200);
            assertThat(run.getLong(p + "operations")).as(p + "operations").isPositive();
            assertThat(run.getDouble(p + "done")).as(p + "done").isEqualTo(1.0);
            // at least the prefilled keys that no DELETE of the load removed
            assertThat(run.getLong(p + "deleted")).as(p + "deleted").isPositive();
        }
        assertNothingLeft(first);
        Path dir = Path.of(run.getString("results"));
        assertThat(dir.resolve("result.json")).isRegularFile();
        // a GET or HEAD of a key the mix's DELETE removed is the one failure the servers may answer
        JsonPath result = JsonPath.from(dir.resolve("result.json").toFile());
        for (String site : TwoSites.SITES) {
            Map<String, Map<String, Object>> operations = result.getMap("sites." + site + ".operations");
            assertThat(operations).containsKeys("put", "get", "head", "delete", "list");
            operations.forEach((op, f) -> assertThat(((Map<?, ?>) f.get("errors"))
                            .keySet().stream().map(String::valueOf).toList())
                    .as(site + " " + op)
                    .isSubsetOf(List.of("not-found")));
        }
        assertThat(dir.resolve("report.html")).isRegularFile();
        assertThat(Files.readString(dir.resolve("report.html"))).contains(first);

        assertThat(given().get("/api/runs")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("id", String.class))
                .contains(first, second);

        Response compared =
                given().queryParam("a", first).queryParam("b", second).get("/api/runs/compare");
        assertThat(compared.statusCode()).as(compared.asString()).isEqualTo(200);
        List<Map<String, Object>> rows = compared.jsonPath().getList("$");
        assertThat(rows)
                .extracting(r -> r.get("site") + " " + r.get("operation"))
                .contains("dc1 get", "dc2 put");
        assertThat(rows).allSatisfy(r -> assertThat(r).containsKeys("measure", "a", "b", "changePercent", "verdict"));
    }

    @Test
    void shouldMeasureABurstsReplicationThroughTheSyncEngineUntilItDrained() throws Exception {
        Response r = post(Map.of(
                "profile",
                "bench-replication-burst",
                "set",
                List.of("object-size=4KiB", "load.concurrency=4", "duration=2s", "replication.drain-timeout=60s")));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        String id = r.jsonPath().getString("id");
        JsonPath ended = awaitEnd(id);
        assertThat(ended.getString("state")).as(ended.prettify()).isEqualTo("DONE");
        // only the writer applies the load
        assertThat(ended.getMap("progress")).containsOnlyKeys("dc1");
        long operations = ended.getLong("progress.dc1.operations");

        JsonPath result =
                JsonPath.from(Path.of(ended.getString("results"), "result.json").toFile());
        List<Map<String, Object>> directions = result.getList("replication");
        assertThat(directions).hasSize(1);
        assertThat(result.getString("replication[0].writer")).isEqualTo("dc1");
        assertThat(result.getString("replication[0].target")).isEqualTo("dc2");
        long written = result.getLong("replication[0].written");
        assertThat(written).isPositive().isLessThanOrEqualTo(operations);
        assertThat(result.getLong("replication[0].replicated")).isEqualTo(written);
        assertThat(result.getLong("replication[0].missing")).isZero();
        assertThat(result.getBoolean("replication[0].drained")).isTrue();
        assertThat(result.getDouble("replication[0].drainSeconds")).isGreaterThanOrEqualTo(0);
        assertThat(result.getLong("replication[0].lag.count")).isEqualTo(written);
        assertThat(result.getDouble("replication[0].lag.p50")).isPositive();
        assertThat(result.getList("replication[0].backlog")).isNotEmpty();
        assertNothingLeft(id);
    }

    @Test
    void shouldSweepBothDirectionsThroughTheSyncEngineAndNameTheKnee() throws Exception {
        // two gentle steps the embedded sync engine keeps up with, at both sites at once
        Response r = post(Map.of(
                "profile",
                "bench-rate-sweep",
                "set",
                List.of(
                        "replication.sweep.from=4",
                        "replication.sweep.to=8",
                        "replication.sweep.step=4",
                        "replication.sweep.step-duration=3s",
                        "replication.sweep.max-lag=20s",
                        "replication.drain-timeout=60s")));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        String id = r.jsonPath().getString("id");
        JsonPath ended = awaitEnd(id);
        assertThat(ended.getString("state")).as(ended.prettify()).isEqualTo("DONE");

        JsonPath result =
                JsonPath.from(Path.of(ended.getString("results"), "result.json").toFile());
        assertThat(result.getList("replication")).hasSize(2);
        for (int d = 0; d < 2; d++) {
            String p = "replication[" + d + "].";
            assertThat(result.getLong(p + "missing")).as(p + "missing").isZero();
            assertThat(result.getList(p + "sweep.steps.rate", Float.class)).containsExactly(4f, 8f);
            // every write of the sweep belongs to a step (no warm-up here); 3 s at 4/s and at 8/s
            List<Integer> written = result.getList(p + "sweep.steps.written", Integer.class);
            assertThat(written.stream().mapToLong(Integer::longValue).sum()).isEqualTo(result.getLong(p + "written"));
            assertThat(written.get(0)).isBetween(11, 13);
            assertThat(written.get(1)).isBetween(23, 25);
            // whether the engine kept up depends on the machine (it shares two cores with the sites, the
            // broker and the probes): the knee must follow from the steps' judgements, whatever they were
            List<Boolean> keptUp = result.getList(p + "sweep.steps.keptUp", Boolean.class);
            assertThat(keptUp).hasSize(2);
            int missed = keptUp.indexOf(false);
            String why = result.getString(p + "sweep.steps.reason");
            if (missed < 0) {
                assertThat(result.getDouble(p + "sweep.kneeRate")).as(why).isEqualTo(8.0);
                assertThat(result.getBoolean(p + "sweep.kneeAtLeast")).as(why).isTrue();
                assertThat(result.getString(p + "sweep.firstMissedRate"))
                        .as(why)
                        .isNull();
            } else {
                assertThat(result.getBoolean(p + "sweep.kneeAtLeast")).as(why).isFalse();
                assertThat(result.getDouble(p + "sweep.firstMissedRate"))
                        .as(why)
                        .isEqualTo(missed == 0 ? 4.0 : 8.0);
                if (missed == 0) {
                    assertThat(result.getString(p + "sweep.kneeRate")).as(why).isNull();
                } else {
                    assertThat(result.getDouble(p + "sweep.kneeRate")).as(why).isEqualTo(4.0);
                }
                assertThat(result.getList(p + "sweep.steps.reason", String.class)
                                .get(missed))
                        .as("why a step was not kept up")
                        .isNotBlank();
            }
        }
        assertNothingLeft(id);
    }

    @Test
    void shouldRefuseASecondRunAtABusySiteAndCleanUpACancelledRun() {
        List<String> long_ = List.of(
                "sites=[dc1]",
                "keys.count=100",
                "keys.prefill=100",
                "object-size=1KiB",
                "load.concurrency=2",
                "warm-up=0s",
                "auto-terminate=",
                "duration=10m");
        String id = start(long_);
        await().atMost(TIMEOUT).until(() -> get(id).getLong("progress.dc1.operations") > 0);

        Response busy = post(Map.of("profile", "bench-mixed-small", "set", QUICK));
        assertThat(busy.statusCode()).as(busy.asString()).isEqualTo(409);
        assertThat(busy.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(busy.jsonPath().getString("detail")).contains("dc1", id, "max-runs-per-site");

        Response cancelled = given().delete("/api/runs/" + id);
        assertThat(cancelled.statusCode()).as(cancelled.asString()).isEqualTo(202);
        JsonPath ended = awaitEnd(id);
        assertThat(ended.getString("state")).as(ended.prettify()).isEqualTo("CANCELLED");
        assertNothingLeft(id);
        assertThat(Path.of(ended.getString("results")).resolve("result.json")).isRegularFile();
    }

    @Test
    void shouldAnswerABadRequestWithA4xxProblemNamingWhatIsWrong() {
        assertProblem(given().contentType(ContentType.JSON).post("/api/runs"), 400, "profile");
        assertProblem(post(Map.of()), 400, "profile");
        assertProblem(post(Map.of("profile", "no-such-profile")), 400, "no-such-profile");
        assertProblem(post(Map.of("profile", "bench-mixed-small", "set", List.of("duration=soon"))), 400, "duration");
        assertProblem(post(Map.of("profile", "bench-mixed-small", "set", List.of("sites=[dc9]"))), 400, "dc9");
        assertProblem(
                post(Map.of("profile", "bench-rate-sweep", "set", List.of("replication.sweep.step=0"))),
                400,
                "replication.sweep.step");
        assertProblem(
                post(Map.of("profile", "bench-replication-burst", "set", List.of("sites=[dc1]"))),
                400,
                "replication is measured at a site besides the writers");
        assertProblem(
                post(Map.of("profile", "bench-mixed-small", "join", "burst 1", "parties", 1)),
                400,
                "parties: from 2 to 64, was 1");
        assertProblem(given().get("/api/runs/no-such-run"), 404, "no-such-run");
        assertProblem(given().delete("/api/runs/no-such-run"), 404, "no-such-run");
        assertProblem(given().queryParam("a", "x").get("/api/runs/compare"), 400, "?a=ID&b=ID");
        assertProblem(given().queryParam("a", "x").queryParam("b", "y").get("/api/runs/compare"), 400, "no run x");
    }

    private static void assertProblem(Response r, int status, String detail) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(r.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(r.jsonPath().getString("detail")).contains(detail);
    }

    private String startAndFinish(List<String> set) {
        String id = start(set);
        JsonPath ended = awaitEnd(id);
        assertThat(ended.getString("state")).as(ended.prettify()).isEqualTo("DONE");
        return id;
    }

    private static JsonPath awaitEnd(String id) {
        return await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> get(id),
                        r -> List.of("CANCELLED", "DONE", "FAILED").contains(r.getString("state")));
    }

    private static String start(List<String> set) {
        Response r = post(Map.of("profile", "bench-mixed-small", "set", set));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        String id = r.jsonPath().getString("id");
        assertThat(r.header("Location")).endsWith("/api/runs/" + id);
        assertThat(r.jsonPath().getString("profile")).isEqualTo("bench-mixed-small");
        return id;
    }

    private static Response post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/runs");
    }

    private static JsonPath get(String id) {
        return given().get("/api/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    // the sync engine replicates the run's objects too, and then their deletion: wait for it
    private void assertNothingLeft(String id) {
        for (String site : TwoSites.SITES) {
            await("nothing of run " + id + " left at " + site)
                    .atMost(TIMEOUT)
                    .untilAsserted(() -> assertThat(underRun(site, id)).isEmpty());
        }
    }

    private List<String> underRun(String site, String id) {
        return infra
                .s3(site)
                .listObjectsV2Paginator(b -> b.bucket(TwoSites.BUCKET).prefix("syncmeter-bench/" + id + "/"))
                .contents()
                .stream()
                .map(o -> o.key())
                .toList();
    }
}
