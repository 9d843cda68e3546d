package io.syncmeter.bench.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.syncmeter.kafka.KafkaClientSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The benchmark runs' Kafka topic: runs publish their progress and results to it ({@link RunEvent}),
 * and the parties of a joint run read it to meet and to merge their results. The topic is created
 * with one partition when missing (its traffic is a record per run and sampling interval).
 *
 * <p>Publishing never blocks a run for long and never fails it: a record the broker does not take
 * within a few seconds is counted ({@link #failures}) and logged, once per minute at most; the run's
 * own files are its record. Lifecycle: one instance per application, {@link #close} at shutdown.
 * Threading: {@link #publish} from any thread; a {@link Reader} belongs to the thread that opened it.
 */
public final class RunTopic implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RunTopic.class);
    // at most the producer's delivery timeout
    private static final Duration PUBLISH_WAIT = Duration.ofSeconds(30);

    /** How run records are written and read: compact, times as ISO instants, unknown fields ignored. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final KafkaClientSettings kafka;
    private final String topic;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong();
    private KafkaProducer<String, String> producer;
    private boolean topicChecked;

    /**
     * @param kafka client settings (bootstrap servers, security)
     * @param topic the topic's name
     */
    public RunTopic(Map<String, Object> kafka, String topic) {
        this.kafka = new KafkaClientSettings(kafka);
        this.topic = topic;
    }

    /** The topic's name. */
    public String topic() {
        return topic;
    }

    /** Records the broker did not take. */
    public long failures() {
        return failures.get();
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> p = kafka.producer("syncmeter-bench-runs", Duration.ofMillis(5), Duration.ofSeconds(3));
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        }
        if (!topicChecked) {
            topicChecked = true;
            ensureTopic();
        }
        return producer;
    }

    // one partition, so every record of the topic is read in the order written; an existing topic is
    // taken as it is (a run's records share a key, so they share a partition anyway)
    private void ensureTopic() {
        Map<String, Object> a = kafka.admin();
        a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(a)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())))
                    .all()
                    .get(10, TimeUnit.SECONDS);
            LOG.infof("created the benchmark runs' topic %s", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warnf(
                        "cannot create the benchmark runs' topic %s: %s",
                        topic, e.getCause().toString());
            }
        } catch (TimeoutException | RuntimeException e) {
            LOG.warnf("cannot create the benchmark runs' topic %s: %s", topic, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Publishes a record keyed by {@link RunEvent#key()}; what the broker answered, or a failure (also
     * counted and logged). Never throws.
     */
    public CompletableFuture<RecordMetadata> publish(RunEvent event) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        try {
            String value = JSON.writeValueAsString(event);
            producer().send(new ProducerRecord<>(topic, event.key(), value), (m, e) -> {
                if (e == null) {
                    done.complete(m);
                } else {
                    failed(event, e);
                    done.completeExceptionally(e);
                }
            });
        } catch (JsonProcessingException | RuntimeException e) {
            failed(event, e);
            done.completeExceptionally(e);
        }
        return done;
    }

    /** {@link #publish}, waiting for the broker's answer; throws when it did not take the record. */
    public RecordMetadata publishAndWait(RunEvent event) throws InterruptedException {
        return publishAndWait(event, PUBLISH_WAIT);
    }

    /** {@link #publish}, waiting at most {@code wait} for the broker's answer. */
    public RecordMetadata publishAndWait(RunEvent event, Duration wait) throws InterruptedException {
        try {
            return publish(event).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "the broker did not take the run's " + event.type() + " record on " + topic + ": " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "the broker did not answer within " + wait.toSeconds() + " s for the run's " + event.type()
                            + " record on " + topic,
                    e);
        }
    }

    private void failed(RunEvent event, Throwable e) {
        failures.incrementAndGet();
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last > 60_000 && lastWarning.compareAndSet(last, now)) {
            LOG.warnf(
                    "benchmark run %s: a %s record was not published on %s (%d so far): %s",
                    event.run(), event.type(), topic, failures.get(), e.toString());
        }
    }

    /**
     * A reader of one partition from the first record written at or after {@code from}.
     *
     * @param partition the partition, as the broker answered a {@link #publish}
     */
    public Reader read(int partition, Instant from) {
        Map<String, Object> c = kafka.reader("syncmeter-bench-runs-reader");
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        TopicPartition tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        OffsetAndTimestamp at =
                consumer.offsetsForTimes(Map.of(tp, from.toEpochMilli())).get(tp);
        if (at != null) {
            consumer.seek(tp, at.offset());
        } else {
            consumer.seekToEnd(List.of(tp));
        }
        return new Reader(consumer);
    }

    /** Reads run records in the order written; a record that is not one is skipped and logged. */
    public static final class Reader implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;

        private Reader(KafkaConsumer<String, String> consumer) {
            this.consumer = consumer;
        }

        /** The records that came within {@code timeout}, maybe none. */
        public List<RunEvent> poll(Duration timeout) {
            List<RunEvent> out = new ArrayList<>();
            for (ConsumerRecord<String, String> r : consumer.poll(timeout)) {
                try {
                    RunEvent e = JSON.readValue(r.value(), RunEvent.class);
                    if (e.type() != null) {
                        out.add(e);
                    }
                } catch (JsonProcessingException | RuntimeException x) {
                    LOG.warnf(
                            "skipped a record of %s at offset %d that is not a run record: %s",
                            r.topic(), r.offset(), x.getMessage());
                }
            }
            return out;
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
