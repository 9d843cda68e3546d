package io.syncmeter.testing;

import io.syncmeter.embedded.internal.InProcessKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real in-process Kafka broker for tests, on a free loopback port, in a temporary directory that
 * {@link #stop()} removes; the application's topics are created up front, as an operator would for
 * an external cluster. Start once, stop once (idempotent).
 */
public final class TestKafka {

    /** The topics syncmeter uses. */
    public static final List<String> TOPICS = List.of(
            "syncmeter.probes",
            "syncmeter.lag",
            "syncmeter.changes",
            "syncmeter.rejected",
            "syncmeter.sla-events",
            "syncmeter.sync-parked",
            "syncmeter.sync-heartbeats",
            "syncmeter.bench-runs");

    private InProcessKafka kafka;
    private Path dir;

    /** Starts the broker; returns its bootstrap servers. */
    public String start() {
        try {
            dir = Files.createTempDirectory("syncmeter-test-kafka-");
            kafka = new InProcessKafka(dir, 0, 4).start(Duration.ofSeconds(60));
            kafka.createTopics(TOPICS);
            return kafka.bootstrapServers();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends one record of text as it is (valid or not) and waits up to 30 s for the broker to
     * acknowledge it.
     */
    public static void send(String bootstrapServers, String topic, String key, String value)
            throws InterruptedException, ExecutionException, TimeoutException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Stops the broker and removes its data. */
    public void stop() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            dir = null;
        }
    }
}
