package io.syncmeter.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings of the Kafka clients a feature makes for itself (beside the messaging channels): the
 * application's Kafka settings ({@code kafka.*}: bootstrap servers, security) cut to what each kind of
 * client takes, with the delivery guarantees every such client keeps. Immutable, thread-safe.
 */
public final class KafkaClientSettings {

    private final Map<String, Object> kafka;

    /** @param kafka the application's Kafka settings, as the {@code default-kafka-broker} map has them */
    public KafkaClientSettings(Map<String, Object> kafka) {
        this.kafka = Map.copyOf(kafka);
    }

    /** The settings among {@code names}, and every security setting ({@code sasl.*}, {@code ssl.*}). */
    public Map<String, Object> only(Set<String> names) {
        Map<String, Object> out = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (names.contains(k) || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * A producer's: every record acknowledged by all in-sync replicas, idempotent (a retried send is
     * not written twice), and a send that never blocks for longer than {@code maxBlock} (so an
     * unreachable broker cannot hold up a caller, or a shutdown, for the default minute).
     */
    public Map<String, Object> producer(String clientId, Duration linger, Duration maxBlock) {
        Map<String, Object> p = only(ProducerConfig.configNames());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(linger.toMillis()));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(maxBlock.toMillis()));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return p;
    }

    /**
     * A reader's: assigned partitions and no consumer group (every instance reads everything), nothing
     * committed.
     */
    public Map<String, Object> reader(String clientId) {
        Map<String, Object> c = only(ConsumerConfig.configNames());
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return c;
    }

    /** An admin client's. */
    public Map<String, Object> admin() {
        return only(AdminClientConfig.configNames());
    }
}
