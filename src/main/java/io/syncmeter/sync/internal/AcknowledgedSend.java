package io.syncmeter.sync.internal;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends one record by an emitter and tells when the broker has it: the sync feature's topics (changes,
 * parked keys, heartbeats) all send this way. Thread-safe; never blocks.
 */
public final class AcknowledgedSend {

    private AcknowledgedSend() {}

    /**
     * Sends one record by {@code out}.
     *
     * @return completes when the broker has it, exceptionally when it could not be written (also when
     *     the emitter refused it at once: its buffer is full, or the channel is down)
     */
    public static CompletableFuture<Void> send(
            Emitter<String> out, String value, OutgoingKafkaRecordMetadata<String> meta) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            out.send(Message.of(value)
                    .addMetadata(meta)
                    .withAck(() -> {
                        sent.complete(null);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(e -> {
                        sent.completeExceptionally(e);
                        return CompletableFuture.completedFuture(null);
                    }));
        } catch (RuntimeException e) {
            // the emitter's buffer is full, or the channel is down
            sent.completeExceptionally(e);
        }
        return sent;
    }
}
