package io.syncmeter.bench.internal;

import io.syncmeter.metrics.PrometheusText;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * One syncmeter service in its own JVM, started by a benchmark from the same jar: its settings are
 * {@code -D} properties only (SYNCMETER_, QUARKUS_ and KAFKA_ variables of the caller's environment are
 * removed), its HTTP API on a loopback port, its output in a log file. The benchmark owns the process
 * and stops it by its PID ({@link #close()}, or {@link #kill()} for SIGKILL). Not thread-safe.
 */
public final class ChildJvm implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Process process;
    private final Path log;
    private final int httpPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ChildJvm(String name, Process process, Path log, int httpPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /**
     * Starts {@code java -Xmx<heap> OPTIONS -D… -jar jar} with these properties and {@code
     * quarkus.http.port}; its output goes to {@code dir/name.log}. In the options, {@code {dir}} and
     * {@code {name}} stand for the directory and the name (e.g. a JFR recording's file).
     */
    public static ChildJvm start(
            String name,
            Path jar,
            String heap,
            int httpPort,
            Map<String, String> properties,
            List<String> jvmOptions,
            Path dir)
            throws IOException {
        List<String> arguments = new ArrayList<>();
        arguments.add("-Xmx" + heap);
        jvmOptions.forEach(o -> arguments.add(o.replace("{dir}", dir.toString()).replace("{name}", name)));
        properties.forEach((k, v) -> arguments.add("-D" + k + "=" + v));
        arguments.add("-Dquarkus.http.port=" + httpPort);
        arguments.add("-Dquarkus.http.host=127.0.0.1");
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = builder(jar, arguments, List.of(), log);
        return new ChildJvm(name, builder.start(), log, httpPort);
    }

    /**
     * {@code java JVM-ARGUMENTS -jar jar PROGRAM-ARGUMENTS} of this JVM's {@code java}, output (both
     * streams) to {@code log}, input empty; only the arguments configure it: SYNCMETER_, QUARKUS_ and
     * KAFKA_ variables of this process's environment are removed.
     */
    public static ProcessBuilder builder(Path jar, List<String> jvmArguments, List<String> programArguments, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArguments);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(programArguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("SYNCMETER_") || k.startsWith("QUARKUS_") || k.startsWith("KAFKA_"));
        return builder;
    }

    /** Waits until the service logs that it started; throws when it exits first or takes over 2 minutes. */
    public ChildJvm awaitStarted() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during startup (status " + process.exitValue()
                        + "), see " + log + ":\n" + tail());
            }
            if (output().contains("started in")) {
                return this;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not start within " + START_TIMEOUT + ", see " + log);
    }

    /** The service's {@code /q/metrics} in the Prometheus text format. */
    public PrometheusText metrics() {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(name + " /q/metrics answered " + r.statusCode());
            }
            return PrometheusText.parse(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(name + " /q/metrics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** User plus system CPU time the process used so far; zero once it ended. */
    public Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, and waits for the process to end. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL if it still runs after 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** Everything the process has written so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String tail() {
        List<String> lines = output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
