package io.syncmeter.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncmeter.testing.EmbeddedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fatal fault of the in-process broker ends the packaged application: its log directory is moved
 * away while it runs (a disk gone), the broker's next checkpoint write fails, Kafka declares the
 * directory offline and, it being the only one, asks to halt; the application logs one ERROR line
 * naming the embedded broker and the cause and exits non-zero, instead of running on without Kafka
 * or hanging.
 */
class EmbeddedBrokerFaultIT {

    /** The broker checkpoints every second here; the fault is found within a second or two of the move. */
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern BROKER_FAILED =
            Pattern.compile("(?m)^.*\\bERROR\\b.*Embedded Kafka broker failed: (.*)$");

    @TempDir
    Path tempDir;

    @RegisterExtension
    final EmbeddedApp.Launcher apps = new EmbeddedApp.Launcher();

    @Test
    void shouldExitNonZeroNamingTheBrokerWhenItsLogDirectoryFails() throws Exception {
        Path dataDir = tempDir.resolve("data");
        EmbeddedApp app = apps.start(
                tempDir.resolve("app.log"),
                "-Xmx512m",
                "-Dsyncmeter.embedded.data-dir=" + dataDir,
                // checkpoints (high watermarks, recovery points) are what write to the log directory on a timer
                "-Dsyncmeter.embedded.kafka-config.replica.high.watermark.checkpoint.interval.ms=1000",
                "-Dsyncmeter.embedded.kafka-config.log.flush.offset.checkpoint.interval.ms=1000");
        app.awaitStarted();
        Path logDirs = dataDir.resolve("kafka").resolve("logs");
        await("the broker has written its checkpoints")
                .atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(logDirs.resolve("replication-offset-checkpoint")));
        assertThat(Files.readString(dataDir.resolve("kafka").resolve("server.properties")))
                .as("the kafka-config properties reach the broker")
                .contains("replica.high.watermark.checkpoint.interval.ms=1000");

        long movedAt = System.nanoTime();
        Files.move(logDirs, dataDir.resolve("kafka").resolve("logs-gone"));

        boolean exited = app.process().waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        String output = app.output();
        assertThat(exited)
                .as(
                        "the application should end within %s of losing its log directory; output:%n%s",
                        EXIT_TIMEOUT, output)
                .isTrue();
        System.out.printf(
                "exited with status %d %d ms after the log directory was moved%n",
                app.process().exitValue(), (System.nanoTime() - movedAt) / 1_000_000);
        assertThat(app.process().exitValue()).as(output).isNotZero();
        List<String> causes =
                BROKER_FAILED.matcher(output).results().map(m -> m.group(1)).toList();
        assertThat(causes)
                .as("one ERROR line naming the embedded broker; output:%n%s", output)
                .hasSize(1);
        assertThat(causes.get(0))
                .as("the cause: Kafka's own reason, and where it asked to end")
                .contains("log dir")
                .contains(logDirs.toString())
                .contains("Exit.halt(1)")
                .endsWith("syncmeter halts with status 1");
    }
}
