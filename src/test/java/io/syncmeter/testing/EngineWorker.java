package io.syncmeter.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.bench.internal.ChildJvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    private final ChildJvm jvm;
    private volatile boolean frozen;

    private EngineWorker(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /** Starts a worker named {@code name} (its log is {@code dir/name.log}) with this configuration. */
    public static EngineWorker start(String name, Path dir, Map<String, String> config, String... jvmArguments)
            throws IOException {
        assertThat(PackagedApp.JAR)
                .as("run `mvn package` first: the packaged application")
                .isRegularFile();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Map<String, String> properties = new LinkedHashMap<>(config);
        properties.put("syncmeter.probe.enabled", "false");
        properties.put("syncmeter.collector.enabled", "false");
        return new EngineWorker(
                ChildJvm.start(name, PackagedApp.JAR, "256m", port, properties, List.of(jvmArguments), dir));
    }

    /** Waits until the worker logs "started in"; fails if it exits first. */
    public EngineWorker awaitStarted() throws InterruptedException {
        jvm.awaitStarted();
        return this;
    }

    /** A metric's value from the worker's {@code /q/metrics}; 0 when the series is absent. */
    public double metric(String metric, Map<String, String> labels) {
        return jvm.metrics().value(metric, labels).orElse(0.0);
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
        jvm.kill();
    }

    public boolean alive() {
        return jvm.alive();
    }

    public String name() {
        return jvm.name();
    }

    /** The worker's output so far. */
    public String output() {
        return jvm.output();
    }

    private void signal(String signal) throws IOException, InterruptedException {
        // the worker is this test's own child: signalled by its pid, never by name
        Process kill = new ProcessBuilder("kill", signal, Long.toString(jvm.pid()))
                .redirectErrorStream(true)
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
                .as("kill %s %d", signal, jvm.pid())
                .isTrue();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (frozen && jvm.alive()) {
            resume();
        }
        kill();
    }
}
