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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The packaged application on its embedded default ({@link PackagedApp}), for *IT tests: only its
 * ports are moved off the defaults, to free loopback ports (HTTP, the broker, two consecutive site
 * ports), so it runs beside other builds. The test owns it: {@link #close()} kills it if it still
 * runs; or {@link Launcher}, a JUnit extension, does after each test.
 */
public final class EmbeddedApp implements AutoCloseable {

    /** Generous: a 2-core machine shared with other builds; a start takes about 5 to 15 seconds. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final int kafkaPort;
    private final int s3BasePort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EmbeddedApp(Process process, Path log, int httpPort, int kafkaPort, int s3BasePort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.kafkaPort = kafkaPort;
        this.s3BasePort = s3BasePort;
    }

    /** Starts the application with these JVM arguments (heap, {@code -D} properties); output to {@code log}. */
    public static EmbeddedApp start(Path log, String... jvmArguments) throws IOException {
        Set<Integer> taken = new HashSet<>();
        int httpPort = freePort(taken);
        int kafkaPort = freePort(taken);
        int s3BasePort = freePortPair(taken);
        return start(log, httpPort, kafkaPort, s3BasePort, jvmArguments);
    }

    /**
     * Starts the application again on the ports of this one, which must have ended (a client of the
     * old one, a browser page, then reaches the new one); output to {@code log}.
     */
    public EmbeddedApp restart(Path log, String... jvmArguments) throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("the application still runs (pid " + process.pid() + ")");
        }
        return start(log, httpPort, kafkaPort, s3BasePort, jvmArguments);
    }

    private static EmbeddedApp start(Path log, int httpPort, int kafkaPort, int s3BasePort, String... jvmArguments)
            throws IOException {
        List<String> arguments = new ArrayList<>(List.of(jvmArguments));
        arguments.add("-Dquarkus.http.port=" + httpPort);
        arguments.add("-Dsyncmeter.embedded.kafka-port=" + kafkaPort);
        arguments.add("-Dsyncmeter.embedded.s3-base-port=" + s3BasePort);
        return new EmbeddedApp(PackagedApp.start(log, arguments), log, httpPort, kafkaPort, s3BasePort);
    }

    /** Waits until the application logs "started in"; fails if it exits first. */
    public void awaitStarted() {
        await("the application logs 'started in'")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !process.isAlive() || output().contains("started in"));
        assertThat(process.isAlive())
                .as("the application exited during startup:%n%s", output())
                .isTrue();
    }

    /** Sends SIGTERM and waits up to {@code timeout} for the process to end; whether it did. */
    public boolean terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A GET of this path ({@code /q/health}) on the application's HTTP port. Up to 30 s: an
     * application saturating a slow 2-core machine answers, but not always within 10 s.
     */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The last 20,000 characters the application has written, for assertion messages. */
    public String outputTail() {
        String output = output();
        return output.length() <= 20_000 ? output : output.substring(output.length() - 20_000);
    }

    /** Everything the application has written so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Process process() {
        return process;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public int s3BasePort() {
        return s3BasePort;
    }

    /** Kills the application (and anything it started) if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts applications for a test and kills those still running after it: {@code @RegisterExtension}. */
    public static final class Launcher implements AfterEachCallback {

        private final List<EmbeddedApp> started = new ArrayList<>();

        /** Like {@link EmbeddedApp#start}. */
        public EmbeddedApp start(Path log, String... jvmArguments) throws IOException {
            EmbeddedApp app = EmbeddedApp.start(log, jvmArguments);
            started.add(app);
            return app;
        }

        /** Like {@link EmbeddedApp#restart}. */
        public EmbeddedApp restart(EmbeddedApp ended, Path log, String... jvmArguments) throws IOException {
            EmbeddedApp app = ended.restart(log, jvmArguments);
            started.add(app);
            return app;
        }

        @Override
        public void afterEach(ExtensionContext context) throws InterruptedException {
            for (EmbeddedApp app : started) {
                app.close();
            }
            started.clear();
        }
    }

    /** A free loopback port not in {@code taken}; added to it. */
    private static int freePort(Set<Integer> taken) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort();
                if (taken.add(port)) {
                    return port;
                }
            }
        }
        throw new IllegalStateException("no free port");
    }

    /** A port p with p and p + 1 free on loopback and not in {@code taken}; both added to it. */
    private static int freePortPair(Set<Integer> taken) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (!taken.contains(p) && !taken.contains(p + 1) && isFree(p) && isFree(p + 1)) {
                taken.add(p);
                taken.add(p + 1);
                return p;
            }
        }
        throw new IllegalStateException("no two consecutive free ports");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
