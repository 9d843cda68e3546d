package io.syncmeter.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.syncmeter.probe.ProbeBody;
import io.syncmeter.probe.ProbeKeys;
import io.syncmeter.probe.ProbeWritten;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Writes probes as syncmeter's probe writers do (the body, the metadata, the key layout) and
 * publishes their {@link ProbeWritten} events, so a test knows exactly which probes exist: the
 * application under test then runs with its own writers off. One thread at a time.
 */
public final class ProbeFeeder implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final TwoSites.Infra infra;
    private final String keyPrefix;
    private final String writerId;
    private final KafkaProducer<String, String> producer;

    public ProbeFeeder(TwoSites.Infra infra, String keyPrefix, String writerId) {
        this.infra = infra;
        this.keyPrefix = keyPrefix;
        this.writerId = writerId;
        this.producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", infra.bootstrapServers(), "acks", "all"),
                new StringSerializer(),
                new StringSerializer());
    }

    /** PUTs probe {@code sequence} at {@code origin} now and publishes its event; returns the event. */
    public ProbeWritten write(String origin, long sequence) throws Exception {
        Instant scheduled = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String key = ProbeKeys.key(keyPrefix, origin, scheduled, writerId, sequence);
        ProbeBody body = ProbeBody.create(key, origin, sequence, scheduled, 256);
        PutObjectResponse put = infra.s3(origin)
                .putObject(
                        b -> b.bucket(TwoSites.BUCKET)
                                .key(key)
                                .contentType("application/octet-stream")
                                .metadata(Map.of("syncmeter-origin", origin, "syncmeter-sha256", body.sha256())),
                        RequestBody.fromBytes(body.bytes()));
        ProbeWritten event = new ProbeWritten(
                ProbeWritten.SCHEMA,
                origin,
                TwoSites.BUCKET,
                key,
                writerId,
                sequence,
                body.bytes().length,
                put.eTag().replace("\"", ""),
                body.md5Hex(),
                body.sha256(),
                scheduled,
                Instant.now());
        producer.send(new ProducerRecord<>("syncmeter.probes", key, JSON.writeValueAsString(event)))
                .get(10, TimeUnit.SECONDS);
        return event;
    }

    @Override
    public void close() {
        producer.close();
    }
}
