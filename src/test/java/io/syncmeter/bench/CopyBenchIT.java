package io.syncmeter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncmeter.testing.DebianPackages;
import io.syncmeter.testing.PackagedApp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench-copy of the packaged jar, small: rclone (Debian's) and the engine copy the same objects between
 * two in-process sites in their own JVM, every part runs, every copy is checked object by object, and
 * the report holds each part's figures.
 */
class CopyBenchIT {

    @TempDir
    Path dir;

    @Test
    void shouldCompareTheEngineWithRcloneOnCompleteCopies() throws Exception {
        DebianPackages.ensure(Map.of("rclone", "rclone"));
        Path out = dir.resolve("out");
        PackagedApp.Run run = PackagedApp.command(
                dir,
                Duration.ofMinutes(10),
                "bench-copy",
                "--objects",
                "300",
                "--warmup",
                "100",
                "--concurrency",
                "4",
                "--workers-concurrency",
                "4",
                "--heap",
                "256m",
                "--parts",
                "rclone,put,engine,unconditional,workers,failover,client",
                "--port",
                Integer.toString(freePorts(6)),
                "--out",
                out.toString());
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(Files.readString(out.resolve("copy.md")))
                .contains("| rclone | 4 | 1 |", "| engine | 4 | 1 |", "| engine, 2 workers | 4 | 2 |")
                .contains("failover: every shard owned by the survivor");

        JsonNode report = new ObjectMapper().readTree(out.resolve("copy.json").toFile());
        assertThat(report.get("schema").asInt()).isEqualTo(1);
        List<JsonNode> copies =
                StreamSupport.stream(report.get("copies").spliterator(), false).toList();
        assertThat(copies)
                .extracting(c -> c.get("copier").asText())
                .containsExactly("rclone", "engine", "engine, target ignores conditional writes", "engine, 2 workers");
        assertThat(copies).allSatisfy(c -> {
            assertThat(c.get("complete").asBoolean()).isTrue();
            assertThat(c.get("objectsPerSecond").asDouble()).isPositive();
            assertThat(c.get("cpuPerThousand").asDouble()).isPositive();
        });
        // the engine counts its requests: GET source and a create-only PUT into sites that honour
        // conditional writes (the embedded default); HEAD target, GET source, PUT target where they do not
        assertThat(copies.get(1).get("requestsPerCopy").asDouble()).isBetween(1.9, 2.5);
        assertThat(copies.get(2).get("requestsPerCopy").asDouble()).isBetween(2.9, 3.5);
        JsonNode put = report.get("puts").get(0);
        assertThat(put.get("objects").asInt()).isEqualTo(300);
        assertThat(put.get("putsPerSecond").asDouble()).isPositive();
        // syncmeter's load generator against rclone, PUT and GET of the same number of objects
        List<JsonNode> clients =
                StreamSupport.stream(report.get("clients").spliterator(), false).toList();
        assertThat(clients)
                .extracting(
                        c -> c.get("client").asText() + " " + c.get("operation").asText())
                .containsExactly("rclone PUT", "syncmeter generator PUT", "rclone GET", "syncmeter generator GET");
        assertThat(clients).allSatisfy(c -> {
            assertThat(c.get("operations").asInt()).isEqualTo(300);
            assertThat(c.get("operationsPerSecond").asDouble()).isPositive();
            assertThat(c.get("cpuMillisPerOperation").asDouble()).isPositive();
        });
        assertThat(Files.readString(out.resolve("copy.md")))
                .contains("concurrency 4, PUT: the load generator at", "concurrency 4, GET: the load generator at");
        JsonNode failover = report.get("failovers").get(0);
        assertThat(failover.get("complete").asBoolean()).isTrue();
        assertThat(failover.get("ownedAfterSeconds").asDouble()).isBetween(0.5, 30.0);
    }

    /** The first of {@code n} consecutive free loopback ports. */
    private static int freePorts(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int p = base; p < base + n; p++) {
                    held.add(new ServerSocket(p, 1, InetAddress.getLoopbackAddress()));
                }
                return base;
            } catch (IOException taken) {
                // try another base
            } finally {
                for (ServerSocket s : held) {
                    s.close();
                }
            }
        }
        throw new IOException("no " + n + " consecutive free loopback ports");
    }
}
