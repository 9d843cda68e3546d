package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JointResultTest {

    private static final Instant T = Instant.parse("2026-12-03T12:00:00Z");
    private static final RunResult.Percentiles P = new RunResult.Percentiles(10, 0.01, 0.01, 0.02, 0.03, 0.04, 0.05);

    private static RunResult.SiteResult figures(long succeeded) {
        return new RunResult.SiteResult(
                "duration",
                10,
                0,
                0,
                1.5,
                100,
                Map.of(
                        "put",
                        new RunResult.OperationResult(
                                succeeded, 0, Map.of(), succeeded * 4096, succeeded / 10.0, 0, P, P, null)),
                new SiteOperations.Cleanup(succeeded, 0));
    }

    private static ReplicationWatch.DirectionResult direction(String writer, String target) {
        return new ReplicationWatch.DirectionResult(
                writer, target, 100, 100, 0, 0, P, 3, 0.5, true, 0, List.of(), null, List.of(), List.of());
    }

    // a party loading `site`, replicating to `other`, started `delay` seconds after T for 10 s
    private static RunResult result(String site, String other, int delay, List<String> overrides, double cpu) {
        return new RunResult(
                RunResult.SCHEMA,
                "1.0",
                JsonNodeFactory.instance.objectNode().put("name", "bench-replication-burst"),
                overrides,
                new RunResult.Environment(
                        List.of(
                                new RunResult.SiteInfo(
                                        site,
                                        "http://" + site,
                                        "b",
                                        "syncmeter-bench/r-" + site + "/" + site,
                                        "S3Proxy"),
                                new RunResult.SiteInfo(
                                        other,
                                        "http://" + other,
                                        "b",
                                        "syncmeter-bench/r-" + site + "/" + other,
                                        null)),
                        new RunResult.Machine("Linux", "17", 2, 1 << 30, cpu)),
                T.plusSeconds(delay),
                T.plusSeconds(delay + 10),
                Map.of(site, figures(100 + delay)),
                List.of(direction(site, other)),
                List.of());
    }

    @Test
    void shouldPutThePartiesSitesAndDirectionsSideBySide() {
        RunResult a = result("dc1", "dc2", 0, List.of("duration=10s", "sites=dc1,dc2", "replication.writers=dc1"), 1.5);
        RunResult b = result("dc2", "dc1", 1, List.of("duration=10s", "sites=dc1,dc2", "replication.writers=dc2"), 2.0);

        RunResult joint = JointResult.merge(List.of(
                new JointResult.Part("east", "r-dc1", a, null), new JointResult.Part("west", "r-dc2", b, null)));

        assertThat(joint.sites()).containsOnlyKeys("dc1", "dc2");
        assertThat(joint.sites().get("dc2")).isEqualTo(b.sites().get("dc2"));
        assertThat(joint.replication())
                .extracting(d -> d.writer() + "->" + d.target())
                .containsExactly("dc1->dc2", "dc2->dc1");
        assertThat(joint.start()).isEqualTo(T);
        assertThat(joint.end()).isEqualTo(T.plusSeconds(11));
        assertThat(joint.overrides()).as("what every party set").containsExactly("duration=10s", "sites=dc1,dc2");
        assertThat(joint.environment().machine().cpuSeconds()).isEqualTo(3.5);
        // each site as the party that loaded it saw it
        assertThat(joint.environment().sites())
                .extracting(RunResult.SiteInfo::prefix)
                .containsExactly("syncmeter-bench/r-dc1/dc1", "syncmeter-bench/r-dc2/dc2");
        assertThat(joint.parties())
                .extracting(RunResult.Party::name, RunResult.Party::run, RunResult.Party::sites)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("east", "r-dc1", List.of("dc1")),
                        org.assertj.core.groups.Tuple.tuple("west", "r-dc2", List.of("dc2")));
        assertThat(joint.parties().get(1).overrides()).contains("replication.writers=dc2");
    }

    @Test
    void shouldRefusePartiesThatLoadedTheSameSite() {
        RunResult a = result("dc1", "dc2", 0, List.of(), 1);
        RunResult b = result("dc1", "dc2", 0, List.of(), 1);
        assertThatThrownBy(() -> JointResult.merge(List.of(
                        new JointResult.Part("east", "r1", a, null), new JointResult.Part("west", "r2", b, null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("site dc1 was loaded by parties east and west: a joint result merges parties that load"
                        + " different sites");
    }

    @Test
    void shouldWriteOneCsvPerOperationWithEveryPartysRowsAndReadBack(@TempDir Path dir) throws Exception {
        String header = RunFiles.CSV_HEADER;
        Map<String, String> east = Map.of("put.csv", header + "\ndc1,0,1,10,0,10,40960,0.01,0.02,0.03,0.04\n");
        Map<String, String> west = Map.of(
                "put.csv",
                header + "\ndc2,0,1,12,0,12,49152,0.01,0.02,0.03,0.04\ndc2,1,2,11,1,12,45056,0.01,0.02,0.03,0.04");
        Map<String, String> csv = JointResult.csv(List.of(
                new JointResult.Part("east", "r1", null, east),
                new JointResult.Part("none", "r3", null, null),
                new JointResult.Part("west", "r2", null, west)));
        assertThat(csv).containsOnlyKeys("put.csv");
        Files.writeString(dir.resolve("put.csv"), csv.get("put.csv"));

        var intervals = RunFiles.readIntervals(dir);
        assertThat(intervals.get("dc1").get("put")).hasSize(1);
        assertThat(intervals.get("dc2").get("put"))
                .extracting(RunFiles.IntervalRow::succeeded)
                .containsExactly(12L, 11L);
    }
}
