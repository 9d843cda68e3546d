package io.syncmeter.embedded.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft Kafka broker in this JVM, bound to 127.0.0.1. Start once; {@link #close()} is
 * idempotent. Not thread-safe: one owner starts and stops it.
 */
public final class InProcessKafka implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final int partitions;
    private final Map<String, String> extraProperties;
    private KafkaRaftServer server;
    private int boundPort;

    /**
     * @param dataDir the broker's log directory (formatted on first use, reused afterwards)
     * @param port the client port, 0 for a free one
     * @param partitions partitions of auto-created topics
     */
    public InProcessKafka(Path dataDir, int port, int partitions) {
        this(dataDir, port, partitions, Map.of());
    }

    /**
     * @param extraProperties broker properties set after (over) the defaults; checked by {@link
     *     BrokerProperties#problems}
     * @throws IllegalArgumentException naming each bad property
     */
    public InProcessKafka(Path dataDir, int port, int partitions, Map<String, String> extraProperties) {
        List<String> problems = BrokerProperties.problems(extraProperties);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        this.dataDir = dataDir;
        this.port = port;
        this.partitions = partitions;
        this.extraProperties = Map.copyOf(extraProperties);
    }

    /** Formats storage if needed, starts the broker and waits until it answers. */
    public InProcessKafka start(Duration timeout) {
        try {
            Files.createDirectories(dataDir);
            boundPort = port == 0 ? FreePorts.find() : port;
            int controllerPort = FreePorts.find();
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + boundPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + boundPort);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("log.dirs", dataDir.resolve("logs").toString());
            p.put("num.partitions", Integer.toString(partitions));
            p.put("auto.create.topics.enable", "true");
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "1");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("num.network.threads", "2");
            p.put("num.io.threads", "2");
            p.put("background.threads", "2");
            p.put("log.retention.hours", "24");
            p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
            // the log cleaner allocates its key map whole at start: Kafka's 128 MiB is half of a 256 MiB
            // heap (a child JVM of bench-copy died of it). 16 MiB maps about 700,000 keys per cleaning,
            // far more than the embedded stack's compacted topics hold
            p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
            p.putAll(extraProperties);
            Path config = dataDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                p.store(out, "syncmeter in-process broker");
            }
            if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
                int rc = StorageTool.execute(
                        new String[] {
                            "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"
                        },
                        new PrintStream(OutputStream.nullOutputStream()));
                if (rc != 0) {
                    throw new IllegalStateException("Kafka storage format failed with code " + rc + " in " + dataDir);
                }
            }
            server = new KafkaRaftServer(new KafkaConfig(p), Time.SYSTEM);
            server.startup();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
                admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("In-process Kafka broker did not start on 127.0.0.1:" + boundPort, e);
        }
    }

    /**
     * Creates topics that do not exist yet, so consumers that subscribe before the first record is
     * produced get their partitions at once (a consumer otherwise waits for its next metadata refresh).
     */
    public void createTopics(java.util.Collection<String> topics) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            java.util.Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            java.util.List<org.apache.kafka.clients.admin.NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new org.apache.kafka.clients.admin.NewTopic(t, partitions, (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topics " + topics + ": " + e, e);
        }
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + boundPort;
    }

    @Override
    public void close() {
        if (server != null) {
            KafkaRaftServer s = server;
            server = null;
            s.shutdown();
            s.awaitShutdown();
        }
    }
}
