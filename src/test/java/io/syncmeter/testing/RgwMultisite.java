package io.syncmeter.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Test infrastructure: a real Ceph RGW multisite (zones {@code dc1}, master, and {@code dc2}) from
 * Debian's packages, started by {@code scripts/rgw-multisite.sh} on free loopback ports, and an
 * in-process Kafka broker; configured into the application as its two sites with the sync engine
 * off, so syncmeter measures RGW's own replication. Init argument {@code dc2-gateways} (default 1)
 * starts that many dc2 gateways, all running the sync thread unless init argument {@code dc2-sync}
 * (e.g. {@code true,false}) says otherwise; all of them are the zone's endpoints. Init argument {@code engine=true} makes
 * the two sites two buckets that RGW does not replicate into each other ({@value #ENGINE_BUCKET_DC1}
 * at dc1, {@value #ENGINE_BUCKET_DC2} at dc2, both created by syncmeter) with syncmeter's sync engine
 * on and no probes or RGW monitoring: the engine is the only way between them.
 */
public class RgwMultisite implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "syncmeter";

    /** With {@code engine=true}: the bucket of site dc1 (at zone dc1). */
    public static final String ENGINE_BUCKET_DC1 = "engine-dc1";

    /** With {@code engine=true}: the bucket of site dc2 (at zone dc2). */
    public static final String ENGINE_BUCKET_DC2 = "engine-dc2";

    /** Marks a test field of type {@link Rgw} to receive the running multisite. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectRgw {}

    /** What a test can reach: the script's environment file, clients per zone, and the script. */
    public record Rgw(Path dir, Map<String, String> env, Map<String, S3Client> clients, String bootstrapServers) {
        public S3Client s3(String zone) {
            return clients.get(zone);
        }

        /** Runs {@code scripts/rgw-multisite.sh <command> <dir> <args>} and fails on a non-zero exit. */
        public void script(String command, String... args) {
            RgwMultisite.script(dir, Map.of(), command, args);
        }
    }

    private final TestKafka kafka = new TestKafka();
    private Path dir;
    private int dc2Gateways = 1;
    private boolean engine;
    private String dc2Sync;
    private Rgw rgw;

    @Override
    public void init(Map<String, String> initArgs) {
        dc2Gateways = Integer.parseInt(initArgs.getOrDefault("dc2-gateways", "1"));
        engine = Boolean.parseBoolean(initArgs.getOrDefault("engine", "false"));
        dc2Sync = initArgs.get("dc2-sync");
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("syncmeter-rgw-");
            Files.delete(dir); // the script creates it and refuses a directory with a cluster in it
            Map<String, String> env = new HashMap<>();
            List<Integer> ports = freePorts(3 + dc2Gateways);
            env.put("RGW_MON_PORT", Integer.toString(ports.get(0)));
            env.put("RGW_MON_V1_PORT", Integer.toString(ports.get(1)));
            env.put("RGW_DC1_PORTS", Integer.toString(ports.get(2)));
            List<String> dc2 = new ArrayList<>();
            for (int i = 0; i < dc2Gateways; i++) {
                dc2.add(Integer.toString(ports.get(3 + i)));
            }
            env.put("RGW_DC2_PORTS", String.join(",", dc2));
            if (dc2Sync != null) {
                env.put("RGW_DC2_SYNC", dc2Sync);
            }
            script(dir, env, "up");
            Map<String, String> endpoints = readEnv(dir.resolve("endpoints.env"));
            String bootstrap = kafka.start();
            Map<String, String> config = new HashMap<>();
            config.put("kafka.bootstrap.servers", bootstrap);
            config.put("syncmeter.sync.enabled", "false");
            Map<String, S3Client> clients = new LinkedHashMap<>();
            for (String zone : List.of("dc1", "dc2")) {
                String endpoint = endpoints.get("RGW_" + zone.toUpperCase() + "_ENDPOINT");
                String prefix = "syncmeter.sites." + zone + ".";
                config.put(prefix + "endpoint", endpoint);
                config.put(prefix + "bucket", BUCKET);
                config.put(prefix + "access-key", endpoints.get("RGW_ACCESS_KEY"));
                config.put(prefix + "secret-key", endpoints.get("RGW_SECRET_KEY"));
                clients.put(
                        zone,
                        TwoSites.client(
                                URI.create(endpoint),
                                endpoints.get("RGW_ACCESS_KEY"),
                                endpoints.get("RGW_SECRET_KEY")));
            }
            // RGW's own view of its sync, beside the black-box lag
            config.put("syncmeter.rgw.enabled", "true");
            config.put("syncmeter.rgw.poll-interval", "3s");
            config.put("syncmeter.rgw.access-key", endpoints.get("RGW_SYSTEM_ACCESS_KEY"));
            config.put("syncmeter.rgw.secret-key", endpoints.get("RGW_SYSTEM_SECRET_KEY"));
            for (String zone : List.of("dc1", "dc2")) {
                config.put(
                        "syncmeter.rgw.zones." + zone + ".admin-sockets",
                        endpoints.get("RGW_" + zone.toUpperCase() + "_ADMIN_SOCKETS"));
            }
            // buckets are created on the master zone; dc2 gets them by metadata sync
            config.put("syncmeter.sites.dc1.create-bucket", "true");
            if (engine) {
                config.put("syncmeter.sites.dc1.bucket", ENGINE_BUCKET_DC1);
                config.put("syncmeter.sites.dc2.bucket", ENGINE_BUCKET_DC2);
                // a bucket created at dc2 is forwarded to the master by RGW
                config.put("syncmeter.sites.dc2.create-bucket", "true");
                config.put("syncmeter.sync.enabled", "true");
                config.put("syncmeter.probe.enabled", "false");
                config.put("syncmeter.rgw.enabled", "false");
            }
            rgw = new Rgw(dir, Map.copyOf(endpoints), Map.copyOf(clients), bootstrap);
            return config;
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    static void script(Path dir, Map<String, String> env, String command, String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", "scripts/rgw-multisite.sh", command, dir.toString()));
        cmd.addAll(List.of(args));
        try {
            // never inheritIO: the test JVM's own stdout is the build tool's channel to it
            Path log = Files.createTempFile("rgw-multisite-" + command + "-", ".log");
            ProcessBuilder pb =
                    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean done = p.waitFor(Duration.ofMinutes(10).toSeconds(), TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            String output = Files.readString(log);
            Files.deleteIfExists(log);
            System.out.print(output);
            if (!done) {
                throw new IllegalStateException(
                        "rgw-multisite.sh " + command + " did not finish in 10 minutes:\n" + output);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "rgw-multisite.sh " + command + " exited with " + p.exitValue() + ":\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#") || !l.contains("=")) {
                continue;
            }
            if (l.startsWith("export ")) {
                l = l.substring("export ".length());
            }
            String key = l.substring(0, l.indexOf('='));
            String value = l.substring(l.indexOf('=') + 1);
            if (value.length() >= 2
                    && (value.startsWith("\"") && value.endsWith("\"")
                            || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            out.put(key, value);
        }
        return out;
    }

    private static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(rgw, new TestInjector.AnnotatedAndMatchesType(InjectRgw.class, Rgw.class));
    }

    @Override
    public void stop() {
        if (rgw != null) {
            rgw.clients().values().forEach(S3Client::close);
        }
        if (dir != null) {
            script(dir, Map.of(), "down");
            dir = null;
        }
        kafka.stop();
    }
}
