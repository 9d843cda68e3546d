package io.syncmeter.sync.internal;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.syncmeter.changes.ChangeRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Writes records to the change topic (channel {@code changes-out}, the topic {@code changes-in} reads)
 * in the format of {@link ChangeRecords}: the engine's rechecks and the HTTP intake's notifications.
 * Thread-safe; sending never blocks.
 */
@ApplicationScoped
public class ChangeTopic {

    private final Emitter<String> out;

    @Inject
    public ChangeTopic(@Channel("changes-out") Emitter<String> out) {
        this.out = out;
    }

    /**
     * Sends one record.
     *
     * @param key the object key (the record key: it picks the partition unless {@code partition} does)
     * @param site the site the change happened at ({@value ChangeRecords#SITE_HEADER})
     * @param value S3 event-notification JSON
     * @param partition the partition to write to, null to let the key pick it
     * @param recheck the value of {@value ChangeRecords#RECHECK_HEADER}, null for a plain change
     * @return completes when the broker has the record, exceptionally when it could not be written
     */
    public CompletableFuture<Void> send(String key, String site, String value, Integer partition, String recheck) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ChangeRecords.SITE_HEADER, site.getBytes(StandardCharsets.UTF_8));
        if (recheck != null) {
            headers.add(ChangeRecords.RECHECK_HEADER, recheck.getBytes(StandardCharsets.UTF_8));
        }
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> meta =
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers);
        if (partition != null) {
            meta.withPartition(partition);
        }
        return AcknowledgedSend.send(out, value, meta.build());
    }

    /**
     * The record value of a change to be synced again from the states of the sites: its kind, key and
     * time, no ETag hint (the target may hold the very version a hint would name, over a newer one).
     */
    public static String withoutHints(ObjectChange c) {
        return ChangeRecords.event(
                "syncmeter:sync",
                c.sourceSite(),
                c.kind() == ObjectChange.Kind.REMOVED ? ChangeRecords.REMOVED : ChangeRecords.CREATED,
                c.bucket(),
                c.key(),
                null,
                null,
                c.eventTime(),
                null);
    }
}
