package io.syncmeter.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Collects the records published to a topic from the moment it starts, on its own thread. */
public final class TopicReader implements AutoCloseable {

    private final List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public TopicReader(String bootstrapServers, String topic) {
        KafkaConsumer<String, String> consumer = fromEnd(bootstrapServers, topic);
        thread = new Thread(
                () -> {
                    try (consumer) {
                        while (running.get()) {
                            consumer.poll(Duration.ofMillis(50)).forEach(records::add);
                        }
                    }
                },
                "test-reader-" + topic);
        thread.start();
    }

    /** A consumer of every partition of {@code topic}, positioned at its end (no consumer group). */
    public static KafkaConsumer<String, String> fromEnd(String bootstrapServers, String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrapServers, "enable.auto.commit", "false"),
                new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** The values read so far. */
    public List<String> values() {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
