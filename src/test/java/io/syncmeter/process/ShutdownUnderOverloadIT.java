package io.syncmeter.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncmeter.testing.EmbeddedApp;
import io.syncmeter.testing.Scrape;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM ends the packaged application in bounded time even when it is overloaded: the embedded
 * default at 400 probes per second per site, more than two cores sustain, falls behind (PUTs
 * skipped, probes piling up unseen, a sync backlog that a graceful stop waits to drain), and is then
 * told to stop. With the default configuration it ends within the 30 s supervisors wait; with a
 * short {@code syncmeter.process.shutdown-timeout} the watchdog visibly cuts the shutdown short,
 * logging the threads still busy.
 */
class ShutdownUnderOverloadIT {

    private static final String RATE = "-Dsyncmeter.probe.rate=400";
    /** Pending probes (both directions) that show the collector is seconds behind the writers. */
    private static final double BEHIND = 2000;

    private static final Pattern WATCHDOG =
            Pattern.compile("ERROR.*Shutdown did not finish within PT3S \\(syncmeter.process.shutdown-timeout\\);"
                    + " halting with status 1\\. Busy threads \\((\\d+) of \\d+ threads");

    @TempDir
    Path tempDir;

    @RegisterExtension
    final EmbeddedApp.Launcher apps = new EmbeddedApp.Launcher();

    private EmbeddedApp app;

    @Test
    void shouldEndWithinThirtySecondsOfSigtermWhenOverloaded() throws Exception {
        startOverloaded();

        long took = terminateWithin(Duration.ofSeconds(30));

        System.out.printf(
                "ended %d ms after SIGTERM with status %d (%s)%n",
                took,
                app.process().exitValue(),
                WATCHDOG.matcher(app.output()).find() ? "halted by the watchdog" : "stopped");
    }

    @Test
    void shouldHaltListingTheBusyThreadsWhenTheShutdownOutlastsItsTimeout() throws Exception {
        startOverloaded("-Dsyncmeter.process.shutdown-timeout=3s");

        long took = terminateWithin(Duration.ofSeconds(15));

        System.out.printf(
                "halted %d ms after SIGTERM with status %d%n",
                took, app.process().exitValue());
        assertThat(app.process().exitValue()).isEqualTo(1);
        String output = app.output();
        Matcher m = WATCHDOG.matcher(output);
        assertThat(m.find()).as(app.outputTail()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("busy threads listed").isPositive();
        assertThat(output).doesNotContain("stopped in");
    }

    /** Starts the embedded default at a rate it cannot sustain and waits until it has fallen behind. */
    private void startOverloaded(String... more) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("-Xmx512m", RATE));
        arguments.addAll(List.of(more));
        app = apps.start(tempDir.resolve("app.log"), arguments.toArray(String[]::new));
        app.awaitStarted();
        await("the application falls behind")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    HttpResponse<String> metrics = app.get("/q/metrics");
                    double pending = Scrape.value(metrics.body(), "syncmeter_replication_pending_objects", Map.of());
                    double skipped =
                            Scrape.value(metrics.body(), "syncmeter_probe_writes_total", Map.of("outcome", "skipped"));
                    assertThat(pending >= BEHIND || skipped > 0)
                            .as("pending %s, skipped %s", pending, skipped)
                            .isTrue();
                });
        assertThat(app.process().isAlive()).as(app.outputTail()).isTrue();
    }

    /** Sends SIGTERM and asserts the application ends within {@code timeout}; how long it took, in ms. */
    private long terminateWithin(Duration timeout) throws InterruptedException {
        long t0 = System.nanoTime();
        boolean exited = app.terminate(timeout);
        assertThat(exited)
                .as("the application should end within %s of SIGTERM; output:%n%s", timeout, app.outputTail())
                .isTrue();
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
