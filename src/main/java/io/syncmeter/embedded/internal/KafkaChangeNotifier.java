package io.syncmeter.embedded.internal;

import io.syncmeter.changes.ChangeRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes an in-process site's changes to Kafka as S3 event-notification JSON (the format AWS, Ceph
 * RGW and MinIO emit), keyed by object key, in the format of {@link ChangeRecords}.
 * Thread-safe; {@link #close()} flushes and closes the producer.
 */
public final class KafkaChangeNotifier implements ChangeNotifier, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaChangeNotifier.class);

    private final String site;
    private final String topic;
    private final KafkaProducer<String, String> producer;
    private final AtomicLong sequencer = new AtomicLong();

    public KafkaChangeNotifier(String site, String topic, String bootstrapServers) {
        this.site = site;
        this.topic = topic;
        this.producer = new KafkaProducer<>(
                Map.of(
                        "bootstrap.servers",
                        bootstrapServers,
                        "client.id",
                        "syncmeter-embedded-" + site,
                        "linger.ms",
                        "1",
                        "acks",
                        "all"),
                new StringSerializer(),
                new StringSerializer());
    }

    @Override
    public void created(String bucket, String key, long size, String etag, String how) {
        send(bucket, key, "ObjectCreated:" + how, size, etag);
    }

    @Override
    public void removed(String bucket, String key) {
        send(bucket, key, ChangeRecords.REMOVED, null, null);
    }

    private void send(String bucket, String key, String eventName, Long size, String etag) {
        String json = ChangeRecords.event(
                "syncmeter:embedded", site, eventName, bucket, key, size, etag, Instant.now(), nextSequencer());
        ProducerRecord<String, String> out = new ProducerRecord<>(topic, key, json);
        out.headers().add(ChangeRecords.SITE_HEADER, site.getBytes(StandardCharsets.UTF_8));
        producer.send(out, (md, e) -> {
            if (e != null) {
                LOG.warnf("Site %s could not publish the change of %s/%s: %s", site, bucket, key, e.toString());
            }
        });
    }

    private String nextSequencer() {
        return String.format("%016X", sequencer.incrementAndGet());
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
