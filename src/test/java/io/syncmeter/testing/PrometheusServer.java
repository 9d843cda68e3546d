package io.syncmeter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real Prometheus server (Debian's {@code prometheus}, installed when missing) on a free loopback
 * port, scraping one target every second and evaluating the given rule file every second. {@link
 * #close()} stops the process it started.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    /**
     * Starts Prometheus in {@code dir}, scraping {@code target} ({@code host:port}) at {@code
     * metricsPath} as job {@code job}, with {@code rules}; returns once it is ready.
     */
    public static PrometheusServer start(Path dir, String job, String target, String metricsPath, Path rules)
            throws IOException {
        DebianPackages.prometheus();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: %s
                    metrics_path: %s
                    static_configs:
                      - targets: ['%s']
                """.formatted(rules.toAbsolutePath(), job, metricsPath, target));
        Path data = Files.createDirectories(dir.resolve("data"));
        Process p = new ProcessBuilder(List.of(
                        "prometheus",
                        "--config.file=" + config,
                        "--web.listen-address=127.0.0.1:" + port,
                        "--storage.tsdb.path=" + data,
                        "--log.level=warn"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(p, URI.create("http://127.0.0.1:" + port));
        try {
            Awaitility.await("Prometheus ready")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException(
                                    "Prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
                        }
                        return server.status("/-/ready") == 200;
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** {@code GET path} of the HTTP API, as JSON (whatever the status: errors are JSON too). */
    public JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(base.resolve(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** An instant query now: the whole response ({@code status}, {@code data}, {@code error}). */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** The alerts Prometheus holds now (pending and firing). */
    public JsonNode alerts() throws IOException, InterruptedException {
        return get("/api/v1/alerts").path("data").path("alerts");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
