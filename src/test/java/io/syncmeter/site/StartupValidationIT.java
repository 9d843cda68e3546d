package io.syncmeter.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncmeter.testing.PackagedApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the packaged application ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package}
 * before failsafe runs) as a separate JVM with invalid site settings, and checks that it exits non-zero
 * quickly with a message naming each offending key. Kafka points at a closed port so the embedded broker
 * stays off; a valid control case shows the failures come from the site validation, not the setup.
 */
class StartupValidationIT {

    /** Generous for a 2-core machine; a failing start takes about two seconds. */
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private static final String UNSET_VARIABLE = "SYNCMETER_IT_SURELY_UNSET_ACCESS_KEY";

    @TempDir
    Path tempDir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopStartedProcesses() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        started.clear();
    }

    @Test
    void shouldFailStartupNamingTheNonHttpEndpointAndTheInvalidBucket() throws Exception {
        Result result = runUntilExit(
                "-Dsyncmeter.sites.dc1.endpoint=ftp://x",
                "-Dsyncmeter.sites.dc1.bucket=ok-bucket",
                "-Dsyncmeter.sites.dc2.endpoint=http://127.0.0.1:1",
                "-Dsyncmeter.sites.dc2.bucket=A");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output())
                .contains("Invalid site configuration")
                .contains("syncmeter.sites.dc1.endpoint: 'ftp://x' must be an http:// or https:// URL")
                .contains("syncmeter.sites.dc2.bucket: 'A' is not a valid S3 bucket name");
        assertNothingEmbeddedStarted(result);
    }

    @Test
    void shouldFailStartupNamingTheMissingBucket() throws Exception {
        Result result = runUntilExit(
                "-Dsyncmeter.sites.dc1.endpoint=http://127.0.0.1:1",
                "-Dsyncmeter.sites.dc1.bucket=ok-bucket",
                "-Dsyncmeter.sites.dc3.endpoint=http://127.0.0.1:2");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("syncmeter.sites.dc3.bucket is required but it could not be found");
        assertNothingEmbeddedStarted(result);
    }

    @Test
    void shouldFailStartupWhenOnlyOneSiteIsConfigured() throws Exception {
        Result result = runUntilExit(
                "-Dsyncmeter.sites.dc1.endpoint=http://127.0.0.1:1", "-Dsyncmeter.sites.dc1.bucket=ok-bucket");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("syncmeter.sites: only one site (dc1) is configured");
        assertNothingEmbeddedStarted(result);
    }

    @Test
    void shouldFailStartupNamingTheKeyAndVariableWhenTheCredentialVariableIsUnset() throws Exception {
        Result result = runUntilExit(
                "-Dsyncmeter.sites.dc1.endpoint=http://127.0.0.1:1",
                "-Dsyncmeter.sites.dc1.bucket=ok-bucket",
                "-Dsyncmeter.sites.dc1.access-key-env=" + UNSET_VARIABLE,
                "-Dsyncmeter.sites.dc1.secret-key=sk",
                "-Dsyncmeter.sites.dc2.endpoint=http://127.0.0.1:2",
                "-Dsyncmeter.sites.dc2.bucket=ok-bucket");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output())
                .contains("syncmeter.sites.dc1.access-key-env: environment variable " + UNSET_VARIABLE + " is not set");
    }

    @Test
    void shouldFailStartupNamingEachBadSlaKey() throws Exception {
        Result result = runUntilExit(
                "-Dsyncmeter.sites.dc1.endpoint=http://127.0.0.1:1",
                "-Dsyncmeter.sites.dc1.bucket=ok-bucket",
                "-Dsyncmeter.sites.dc2.endpoint=http://127.0.0.1:2",
                "-Dsyncmeter.sites.dc2.bucket=ok-bucket",
                "-Dsyncmeter.sla.objectives.rtc.kind=replication",
                "-Dsyncmeter.sla.objectives.rtc.target=150%",
                "-Dsyncmeter.sla.objectives.rtc.threshold=2h",
                "-Dsyncmeter.sla.objectives.rtc.directions=dc1->dc3");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output())
                .contains("Invalid SLA configuration")
                .contains("syncmeter.sla.objectives.rtc.target: '150%' must lie strictly between 0 and 1")
                .contains("syncmeter.sla.objectives.rtc.threshold: 2h exceeds the probe profile's give-up time 20m")
                .contains("syncmeter.sla.objectives.rtc.directions: 'dc1->dc3' names unknown site 'dc3'");
    }

    @Test
    void shouldFailStartupNamingTheLifecycleRetentionWhenItDoesNotExceedTheGiveUpTime() throws Exception {
        Result result = runUntilExit(
                "-Dsyncmeter.sites.dc1.endpoint=http://127.0.0.1:1",
                "-Dsyncmeter.sites.dc1.bucket=ok-bucket",
                "-Dsyncmeter.sites.dc2.endpoint=http://127.0.0.1:2",
                "-Dsyncmeter.sites.dc2.bucket=ok-bucket",
                "-Dsyncmeter.lifecycle.retention=4m");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output())
                .contains("syncmeter.lifecycle.retention: must exceed the probe profile's give-up time (PT20M)");
    }

    @Test
    void shouldFailStartupNamingABadS3ClientKey() throws Exception {
        String[] sites = {
            "-Dsyncmeter.sites.dc1.endpoint=http://127.0.0.1:1",
            "-Dsyncmeter.sites.dc1.bucket=ok-bucket",
            "-Dsyncmeter.sites.dc2.endpoint=http://127.0.0.1:2",
            "-Dsyncmeter.sites.dc2.bucket=ok-bucket"
        };
        Result pool = runUntilExit(concat(sites, "-Dsyncmeter.s3-client.max-connections=0"));
        assertThat(pool.exitCode()).as(pool.output()).isNotZero();
        assertThat(pool.output()).contains("syncmeter.s3-client.max-connections: must be from 1 to 1024, was 0");

        Result kind = runUntilExit(concat(sites, "-Dsyncmeter.s3-client.http-client=netty"));
        assertThat(kind.exitCode()).as(kind.output()).isNotZero();
        assertThat(kind.output()).contains("syncmeter.s3-client.http-client").contains("netty");
    }

    private static String[] concat(String[] first, String last) {
        String[] all = java.util.Arrays.copyOf(first, first.length + 1);
        all[first.length] = last;
        return all;
    }

    @Test
    void shouldFailStartupNamingEachBadSyncKey() throws Exception {
        Result result = runUntilExit(
                "-Dsyncmeter.sites.dc1.endpoint=http://127.0.0.1:1",
                "-Dsyncmeter.sites.dc1.bucket=ok-bucket",
                "-Dsyncmeter.sites.dc2.endpoint=http://127.0.0.1:2",
                "-Dsyncmeter.sites.dc2.bucket=ok-bucket",
                "-Dsyncmeter.sync.concurrency=0",
                "-Dsyncmeter.sync.max-in-flight=200000",
                "-Dsyncmeter.sync.fence-after-pause=5500ms",
                "-Dsyncmeter.sync.retry.max-backoff=10ms");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output())
                .contains("syncmeter.sync.concurrency: must be from 1 to 256, was 0")
                .contains("syncmeter.sync.max-in-flight: must be from 1 to 100000, was 200000")
                .contains("syncmeter.sync.fence-after-pause: must be from 200ms to below the session timeout minus"
                        + " the heartbeat interval of mp.messaging.incoming.changes-in.* (5000 ms), was 5500 ms")
                .contains("syncmeter.sync.retry.max-backoff: must be at least syncmeter.sync.retry.initial-backoff");
    }

    @Test
    void shouldStartWithTwoValidSites() throws Exception {
        Path log = tempDir.resolve("valid.log");
        Process process = start(
                log,
                "-Dsyncmeter.sites.dc1.endpoint=http://127.0.0.1:1",
                "-Dsyncmeter.sites.dc1.bucket=ok-bucket",
                "-Dsyncmeter.sites.dc2.endpoint=http://127.0.0.1:2",
                "-Dsyncmeter.sites.dc2.bucket=ok-bucket");

        await().atMost(EXIT_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !process.isAlive() || read(log).contains("started in"));

        String output = read(log);
        assertThat(process.isAlive()).as(output).isTrue();
        assertThat(output)
                .contains("Sites: [dc1(http://127.0.0.1:1/ok-bucket), dc2(http://127.0.0.1:2/ok-bucket)]")
                .doesNotContain("Invalid site configuration");
    }

    private Result runUntilExit(String... siteProperties) throws IOException, InterruptedException {
        Path log = tempDir.resolve("app.log");
        long t0 = System.nanoTime();
        Process process = start(log, siteProperties);
        // stop waiting as soon as it exits, or as soon as it has started after all (the failure case)
        await().atMost(EXIT_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !process.isAlive() || read(log).contains("started in"));
        boolean exited = process.waitFor(5, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        String output = read(log);
        assertThat(exited)
                .as("the application should exit instead of starting; output:%n%s", output)
                .isTrue();
        System.out.printf("%s exited with %d after %d ms%n", PackagedApp.JAR, process.exitValue(), took.toMillis());
        return new Result(process.exitValue(), output);
    }

    private Process start(Path log, String... siteProperties) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=0",
                "-Dkafka.bootstrap.servers=127.0.0.1:1"));
        arguments.addAll(List.of(siteProperties));
        Process process = PackagedApp.start(log, arguments);
        started.add(process);
        return process;
    }

    private static void assertNothingEmbeddedStarted(Result result) {
        assertThat(result.output())
                .doesNotContain("Embedded Kafka broker ready")
                .doesNotContain("Embedded S3 site");
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Result(int exitCode, String output) {}
}
