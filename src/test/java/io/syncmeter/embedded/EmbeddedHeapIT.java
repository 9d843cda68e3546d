package io.syncmeter.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncmeter.testing.EmbeddedApp;
import io.syncmeter.testing.Scrape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default keeps its sites' objects on disk, not on the heap: under {@code -Xmx512m} at
 * 100 probes per second per site (with the sync engine's copies, more bytes than the heap holds
 * within two minutes) it keeps running and answering {@code /q/health}, with no OutOfMemoryError,
 * and what was written is in files under its data directory: with none configured, the temporary
 * one it creates (the probe lifecycle is off, so nothing is deleted). (With the objects on the heap it died of an OutOfMemoryError within about 90
 * seconds.)
 */
class EmbeddedHeapIT {

    private static final Duration RUN = Duration.ofMinutes(2);
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path tempDir;

    @RegisterExtension
    final EmbeddedApp.Launcher apps = new EmbeddedApp.Launcher();

    private EmbeddedApp app;

    @Test
    void shouldKeepRunningUnderASmallHeapWithTheObjectsOnDisk() throws Exception {
        // no data directory is configured: the stack's temporary one is made here, where the test sees it
        Path tmp = Files.createDirectories(tempDir.resolve("tmp"));
        app = apps.start(
                tempDir.resolve("app.log"),
                "-Xmx512m",
                "-Dsyncmeter.probe.rate=100",
                // the probe lifecycle would delete what this test counts on disk
                "-Dsyncmeter.lifecycle.enabled=false",
                "-Djava.io.tmpdir=" + tmp);
        app.awaitStarted();
        Path dataDir = onlyDataDir(tmp);

        long t0 = System.nanoTime();
        await("running for " + RUN)
                .atMost(RUN.plusSeconds(30))
                .pollInterval(Duration.ofSeconds(5))
                .failFast("the application died or ran out of heap", () -> {
                    assertThat(app.output()).as(app.outputTail()).doesNotContain("OutOfMemoryError");
                    assertThat(app.process().isAlive()).as(app.outputTail()).isTrue();
                })
                .until(() -> System.nanoTime() - t0 >= RUN.toNanos());

        HttpResponse<String> health = app.get("/q/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(health.body()).path("status").asText())
                .isEqualTo("UP");
        HttpResponse<String> metrics = app.get("/q/metrics");
        double written = Scrape.value(metrics.body(), "syncmeter_probe_write_bytes_total", Map.of());
        double heapMax = Scrape.value(metrics.body(), "jvm_memory_max_bytes", Map.of("area", "heap"));

        // killed, not stopped (SIGTERM has its own tests): the files are then quiet while counted
        app.close();
        long onDisk = bytesUnder(dataDir.resolve("s3"));
        System.out.printf(
                "probe bytes written %.0f MiB, object files on disk %d MiB (dc1 %d files, dc2 %d files), max heap %.0f MiB%n",
                written / MIB,
                onDisk / MIB,
                filesUnder(dataDir.resolve("s3").resolve("dc1")),
                filesUnder(dataDir.resolve("s3").resolve("dc2")),
                heapMax / MIB);
        assertThat(written).as("probe bytes acknowledged").isPositive();
        assertThat((double) onDisk)
                .as("every acknowledged probe is a file under the data directory")
                .isGreaterThanOrEqualTo(written);
        assertThat(filesUnder(dataDir.resolve("s3").resolve("dc1"))).isPositive();
        assertThat(filesUnder(dataDir.resolve("s3").resolve("dc2"))).isPositive();
        assertThat(app.output()).doesNotContain("OutOfMemoryError");
    }

    /** The embedded stack's temporary data directory, the one {@code syncmeter-embedded-*} directory. */
    private static Path onlyDataDir(Path tmp) throws IOException {
        try (Stream<Path> dirs = Files.list(tmp)) {
            List<Path> found = dirs.filter(d -> d.getFileName().toString().startsWith("syncmeter-embedded-"))
                    .toList();
            assertThat(found)
                    .as("the embedded stack's temporary data directory")
                    .hasSize(1);
            return found.get(0);
        }
    }

    private static long bytesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(EmbeddedHeapIT::size)
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long filesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
