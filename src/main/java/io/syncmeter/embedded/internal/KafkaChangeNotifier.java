package io.syncmeter.embedded.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import software.amazon.awssdk.eventnotifications.s3.model.S3;
import software.amazon.awssdk.eventnotifications.s3.model.S3Bucket;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;
import software.amazon.awssdk.eventnotifications.s3.model.S3Object;
import software.amazon.awssdk.eventnotifications.s3.model.UserIdentity;

/**
 * Publishes an in-process site's changes to Kafka as S3 event-notification JSON (the format AWS, Ceph
 * RGW and MinIO emit), keyed by object key, with the site's name in the {@value #SITE_HEADER} header.
 * Thread-safe; {@link #close()} flushes and closes the producer.
 */
public final class KafkaChangeNotifier implements ChangeNotifier, AutoCloseable {

    /** The record header naming the site an event comes from. */
    public static final String SITE_HEADER = "syncmeter-site";

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
        send(
                bucket,
                key,
                "ObjectCreated:" + how,
                new S3Object(encode(key), size, unquote(etag), null, nextSequencer()));
    }

    @Override
    public void removed(String bucket, String key) {
        send(bucket, key, "ObjectRemoved:Delete", new S3Object(encode(key), null, null, null, nextSequencer()));
    }

    private void send(String bucket, String key, String eventName, S3Object object) {
        S3EventNotificationRecord record = new S3EventNotificationRecord();
        record.setEventVersion("2.1");
        record.setEventSource("syncmeter:embedded");
        record.setAwsRegion(site);
        record.setEventTime(Instant.now());
        record.setEventName(eventName);
        record.setS3(new S3(
                "syncmeter-embedded",
                new S3Bucket(bucket, new UserIdentity("syncmeter"), "arn:aws:s3:::" + bucket),
                object,
                "1.0"));
        String json = new S3EventNotification(List.of(record)).toJson();
        ProducerRecord<String, String> out = new ProducerRecord<>(topic, key, json);
        out.headers().add(SITE_HEADER, site.getBytes(StandardCharsets.UTF_8));
        producer.send(out, (md, e) -> {
            if (e != null) {
                LOG.warnf("Site %s could not publish the change of %s/%s: %s", site, bucket, key, e.toString());
            }
        });
    }

    private String nextSequencer() {
        return String.format("%016X", sequencer.incrementAndGet());
    }

    // S3 notifications carry the key URL-encoded (spaces as '+')
    private static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
