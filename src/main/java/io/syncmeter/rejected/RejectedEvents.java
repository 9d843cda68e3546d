package io.syncmeter.rejected;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.syncmeter.metrics.MetricNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sets malformed records aside: counts them in {@code syncmeter_events_rejected_total{topic,reason}},
 * logs a line, and republishes the original value with its key to the rejected-records topic with
 * headers saying where it came from and why, so nothing is lost and no consumer stalls.
 * Thread-safe; called from consumer threads.
 */
@ApplicationScoped
public class RejectedEvents {

    private static final Logger LOG = Logger.getLogger(RejectedEvents.class);
    private static final int MAX_LOGGED_CHARS = 200;

    private final MeterRegistry registry;
    private final Emitter<String> rejected;

    @Inject
    public RejectedEvents(MeterRegistry registry, @Channel("rejected-out") Emitter<String> rejected) {
        this.registry = registry;
        this.rejected = rejected;
    }

    /**
     * Sets one record aside.
     *
     * @param topic the topic it was read from
     * @param key its key, may be null
     * @param value its value, may be null
     * @param reason a short fixed reason ({@code malformed-json}, {@code invalid-field}, …): a label
     * @param detail what exactly was wrong, for the log and the header
     */
    public void reject(String topic, String key, String value, String reason, String detail) {
        registry.counter(MetricNames.EVENTS_REJECTED, MetricNames.TAG_TOPIC, topic, MetricNames.TAG_REASON, reason)
                .increment();
        LOG.warnf("Rejected a record from %s (key %s): %s: %s", topic, key, reason, abbreviate(detail));
        RecordHeaders headers = new RecordHeaders();
        headers.add("syncmeter-rejected-topic", topic.getBytes(StandardCharsets.UTF_8));
        headers.add("syncmeter-rejected-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("syncmeter-rejected-detail", abbreviate(detail).getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(headers)
                .build();
        rejected.send(Message.of(value == null ? "" : value)
                .addMetadata(metadata)
                .withNack(e -> {
                    LOG.warnf("Could not set aside a rejected record from %s: %s", topic, e.toString());
                    return CompletableFuture.completedFuture(null);
                }));
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_LOGGED_CHARS ? s : s.substring(0, MAX_LOGGED_CHARS) + "…";
    }
}
