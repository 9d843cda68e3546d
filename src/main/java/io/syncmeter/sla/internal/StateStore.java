package io.syncmeter.sla.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncmeter.kafka.KafkaClientSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The SLA state on Kafka: a compacted topic of {@link StateRecord}s, one key per objective, series,
 * hour and instance. Every instance writes its own records and reads everyone's (its own earlier
 * runs' included), from the beginning at startup, then live. The newest record of a key is complete,
 * so compaction keeps exactly what compliance needs; time-based deletion drops hours older than the
 * longest period.
 *
 * <p>Lifecycle: {@link #start()} once (creates the topic when missing and allowed, starts the reader
 * thread), {@link #close()} once (flushes what was published). Threading: {@link #publish} from any
 * thread; the reader thread calls the record sink and the rejection sink.
 */
public final class StateStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StateStore.class);

    /** Receives records that could not be read (malformed, other schema), to set aside. */
    public interface Rejects {
        void reject(String key, String value, String reason, String detail);
    }

    private final KafkaClientSettings kafka;
    private final String topic;
    private final Duration retention;
    private final boolean create;
    private final ObjectMapper json;
    private final Consumer<StateRecord> sink;
    private final Rejects rejects;
    private final CountDownLatch restored = new CountDownLatch(1);
    private final AtomicLong publishFailures = new AtomicLong();
    private volatile boolean running;
    /** Set once the topic was checked (or created): nothing is written before, so no broker default applies. */
    private volatile boolean topicChecked;

    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> consumer;
    private Thread reader;

    /**
     * @param kafka client settings (bootstrap servers, security), shared by producer, consumer and admin
     * @param retention how long records are kept: the longest compliance period plus a margin
     */
    public StateStore(
            Map<String, Object> kafka,
            String topic,
            Duration retention,
            boolean create,
            ObjectMapper json,
            Consumer<StateRecord> sink,
            Rejects rejects) {
        this.kafka = new KafkaClientSettings(kafka);
        this.topic = topic;
        this.retention = retention;
        this.create = create;
        this.json = json;
        this.sink = sink;
        this.rejects = rejects;
    }

    /**
     * Starts the reader thread, which creates the topic if needed and allowed, then reads it back.
     * Never blocks: an unreachable broker must not hold up the application's startup.
     */
    public void start() {
        Map<String, Object> p =
                kafka.producer("syncmeter-sla-state-writer", Duration.ofMillis(20), Duration.ofSeconds(3));
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        // assigned partitions, no group: every instance reads everything
        Map<String, Object> c = kafka.reader("syncmeter-sla-state-reader");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        running = true;
        reader = new Thread(this::read, "sla-state-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Whether everything written before this instance started has been read back. */
    public boolean restored() {
        return restored.getCount() == 0;
    }

    /** Waits until {@link #restored()}; false when the time ran out first. */
    public boolean awaitRestored(Duration timeout) throws InterruptedException {
        return restored.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Publishes records; {@code failed} is called (on a Kafka thread, or this one before the topic
     * was checked) for each that could not be written.
     */
    public void publish(List<StateRecord> records, Consumer<StateRecord> failed) {
        if (!topicChecked) {
            records.forEach(failed);
            return;
        }
        for (StateRecord r : records) {
            String value;
            try {
                value = json.writeValueAsString(r);
            } catch (Exception e) {
                throw new IllegalStateException("StateRecord did not serialise", e);
            }
            producer.send(new ProducerRecord<>(topic, r.key(), value), (md, e) -> {
                if (e != null) {
                    if (publishFailures.getAndIncrement() % 100 == 0) {
                        LOG.warnf(
                                "SLA state not written to %s (%d failures so far; retried at the next flush): %s",
                                topic, publishFailures.get(), e.toString());
                    }
                    failed.accept(r);
                }
            });
        }
    }

    private void read() {
        try {
            if (create) {
                ensureTopic();
            }
            topicChecked = true;
            List<TopicPartition> partitions = awaitPartitions();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long records = 0;
            long started = System.nanoTime();
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    accept(r);
                    records++;
                }
                if (!restored() && caughtUp(end)) {
                    restored.countDown();
                    LOG.infof(
                            "SLA state restored from %s: %d records in %d ms",
                            topic, records, (System.nanoTime() - started) / 1_000_000);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.errorf(
                        e, "Reading the SLA state topic %s stopped; figures no longer include other instances", topic);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private List<TopicPartition> awaitPartitions() {
        long attempt = 0;
        while (running) {
            try {
                List<PartitionInfo> info = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (info != null && !info.isEmpty()) {
                    if (attempt > 0) {
                        LOG.infof("SLA state topic %s is available", topic);
                    }
                    List<TopicPartition> out = new ArrayList<>();
                    info.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
                    return out;
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                // broker unreachable or topic missing: wait and ask again
            }
            if (attempt++ % 30 == 0) {
                LOG.warnf(
                        "SLA state topic %s is not available yet%s; compliance waits for it",
                        topic, create ? "" : " (syncmeter.sla.create-state-topic=false: create it, see README)");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Duration.ofSeconds(1).toNanos());
        }
        return List.of();
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void accept(ConsumerRecord<String, String> r) {
        if (r.value() == null) {
            return; // a tombstone: nothing to restore
        }
        StateRecord record;
        try {
            record = json.readValue(r.value(), StateRecord.class);
        } catch (Exception e) {
            rejects.reject(r.key(), r.value(), "malformed-json", e.getMessage());
            return;
        }
        if (record.schema() != StateRecord.SCHEMA) {
            rejects.reject(
                    r.key(),
                    r.value(),
                    "unsupported-schema",
                    "schema " + record.schema() + ", expected " + StateRecord.SCHEMA);
            return;
        }
        if (record.hour() == null
                || record.instance() == null
                || record.objective() == null
                || record.good() == null
                || record.total() == null
                || record.good().length != HourCounts.MINUTES
                || record.total().length != HourCounts.MINUTES) {
            rejects.reject(
                    r.key(),
                    r.value(),
                    "invalid-field",
                    "hour, instance, objective and 60 minutes of counts are required");
            return;
        }
        sink.accept(record);
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(kafka.admin())) {
            Map<String, String> configs = Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG,
                    Long.toString(retention.toMillis()),
                    // compaction works on closed segments only: roll hourly so a restart replays little
                    TopicConfig.SEGMENT_MS_CONFIG,
                    Long.toString(Duration.ofHours(1).toMillis()));
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            if (!existing.contains(topic)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()).configs(configs)))
                            .all()
                            .get(30, TimeUnit.SECONDS);
                    LOG.infof("Created the SLA state topic %s (compacted, retention %s)", topic, retention);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                return;
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config actual = admin.describeConfigs(List.of(resource))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(resource);
            String policy = actual.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            long retentionMs =
                    Long.parseLong(actual.get(TopicConfig.RETENTION_MS_CONFIG).value());
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)
                    || (retentionMs >= 0 && retentionMs < retention.toMillis())) {
                LOG.warnf(
                        "SLA state topic %s has cleanup.policy=%s and retention.ms=%d; compliance over the longest period"
                                + " needs compact,delete and at least %d: set them, or history will be lost",
                        topic, policy, retentionMs, retention.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf(
                    "Could not check or create the SLA state topic %s (%s); create it as README describes",
                    topic, e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        if (producer != null) {
            // close waits for what was sent, up to its timeout, then drops the rest
            producer.close(Duration.ofSeconds(3));
        }
        if (consumer != null) {
            consumer.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
