package io.syncmeter.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One syncmeter instance in its own JVM ({@link PackagedApp}) working only as a sync engine: probes and
 * collector off, sites and broker from the given configuration (e.g. {@link TwoSites#start()}), its
 * HTTP port free on loopback. The test owns the process: {@link #freeze()} and {@link #resume()} send
 * it SIGSTOP and SIGCONT, {@link #kill()} SIGKILL, {@link #close()} resumes and kills what still runs.
 */
public final class EngineWorker implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final int httpPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean frozen;

    private EngineWorker(String name, Process process, Path log, int httpPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Starts a worker named {@code name} (its log is {@code dir/name.log}) with this configuration. */
    public static EngineWorker start(String name, Path dir, Map<String, String> config, String... jvmArguments)
            throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> arguments = new ArrayList<>(List.of("-Xmx256m"));
        config.forEach((k, v) -> arguments.add("-D" + k + "=" + v));
        arguments.add("-Dquarkus.http.port=" + port);
        arguments.add("-Dsyncmeter.probe.enabled=false");
        arguments.add("-Dsyncmeter.collector.enabled=false");
        arguments.addAll(List.of(jvmArguments));
        Path log = dir.resolve(name + ".log");
        return new EngineWorker(name, PackagedApp.start(log, arguments), log, port);
    }

    /** Waits until the worker logs "started in"; fails if it exits first. */
    public EngineWorker awaitStarted() {
        await(name + " logs 'started in'")
                .atMost(EmbeddedApp.START_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !process.isAlive() || output().contains("started in"));
        assertThat(process.isAlive())
                .as("%s exited during startup:%n%s", name, output())
                .isTrue();
        return this;
    }

    /** A metric's value from the worker's {@code /q/metrics}; 0 when the series is absent. */
    public double metric(String metric, Map<String, String> labels) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("%s /q/metrics", name).isEqualTo(200);
            return PrometheusText.parse(r.body()).value(metric, labels).orElse(0.0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGSTOP: every thread of the worker stands still until {@link #resume()}. */
    public void freeze() throws IOException, InterruptedException {
        signal("-STOP");
        frozen = true;
    }

    /** SIGCONT. */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
        frozen = false;
    }

    /** SIGKILL, and waits for the process to end. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String name() {
        return name;
    }

    /** The worker's output so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        // the worker is this test's own child: signalled by its pid, never by name
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
                .as("kill %s %d", signal, process.pid())
                .isTrue();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (frozen && process.isAlive()) {
            resume();
        }
        kill();
    }
}
