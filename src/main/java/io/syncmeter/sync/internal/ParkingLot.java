package io.syncmeter.sync.internal;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.syncmeter.changes.ChangeRecords;
import io.syncmeter.rejected.RejectedEvents;
import io.syncmeter.sync.SyncConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Where keys whose retries all failed wait: {@link #park} writes the change to the parking topic
 * (channel {@code parked-out}, topic {@code syncmeter.sync-parked}, keyed by object key) with why and
 * for which directions; {@link #release} reads it back (channel {@code parked-in}, group {@code
 * syncmeter-sync-parked}) and, {@code syncmeter.sync.retry.park-for} after it was parked, puts it back
 * on the change topic flagged as a recheck, so the key's shard owner syncs it again from the source's
 * state. A parked key is never dropped: a release that cannot be written is tried again, and the
 * record is acknowledged only once the change topic has it. A record of the parking topic that {@link
 * #park} did not write (no key, value or site header) is set aside ({@link RejectedEvents}); one
 * without a timestamp is released at once.
 *
 * <p>Threading: {@link #park} is thread-safe and never blocks. {@link #release} is called by the
 * channel one record at a time (parked records come in the order they were parked, so each waits at
 * most its own time); its waits run on this bean's timer thread, stopped at shutdown (what is waiting
 * then is released by the next instance, from the committed offset).
 */
@ApplicationScoped
public class ParkingLot {

    /** Record header: why the key was parked (the last failure). */
    public static final String REASON_HEADER = "syncmeter-parked-reason";

    /** Record header: the directions that failed, e.g. {@code dc1->dc2}. */
    public static final String DIRECTIONS_HEADER = "syncmeter-parked-directions";

    private static final Logger LOG = Logger.getLogger(ParkingLot.class);
    private static final Duration WRITE_RETRY = Duration.ofSeconds(10);

    private final Emitter<String> out;
    private final ChangeTopic changes;
    private final RejectedEvents rejected;
    private final Duration parkFor;
    private final ScheduledExecutorService timer = DaemonThreads.scheduler("sync-parked");

    @Inject
    public ParkingLot(
            @Channel("parked-out") Emitter<String> out,
            ChangeTopic changes,
            RejectedEvents rejected,
            SyncConfig config) {
        this.out = out;
        this.changes = changes;
        this.rejected = rejected;
        this.parkFor = config.retry().parkFor();
    }

    /**
     * Parks one change.
     *
     * @param reason why its sync failed the last time
     * @param directions the directions that failed
     * @return completes once the parking topic has it, exceptionally when it could not be written
     */
    public CompletableFuture<Void> park(ObjectChange change, String reason, String directions) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ChangeRecords.SITE_HEADER, change.sourceSite().getBytes(StandardCharsets.UTF_8));
        headers.add(REASON_HEADER, String.valueOf(reason).getBytes(StandardCharsets.UTF_8));
        headers.add(DIRECTIONS_HEADER, directions.getBytes(StandardCharsets.UTF_8));
        return AcknowledgedSend.send(
                out,
                ChangeTopic.withoutHints(change),
                OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(change.key())
                        .withHeaders(headers)
                        .build());
    }

    /** Puts one parked change back on the change topic once its time is up; acknowledged after that. */
    @Incoming("parked-in")
    public CompletionStage<Void> release(Message<String> message) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, String> meta =
                message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        if (meta == null) {
            return message.ack();
        }
        Header header = meta.getHeaders() == null ? null : meta.getHeaders().lastHeader(ChangeRecords.SITE_HEADER);
        String site =
                header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        if (site == null || meta.getKey() == null || message.getPayload() == null) {
            // not one park() wrote: nothing to put back, so it is set aside where malformed records go
            rejected.reject(
                    meta.getTopic(),
                    meta.getKey(),
                    message.getPayload(),
                    ChangeEvents.INVALID_EVENT,
                    "parked record without key, value or " + ChangeRecords.SITE_HEADER + " header (offset "
                            + meta.getOffset() + ")");
            return message.ack();
        }
        // without a timestamp (none, or Kafka's -1) its time cannot be told: released at once, never dropped
        Instant parkedAt = meta.getTimestamp();
        long due = parkedAt == null || parkedAt.toEpochMilli() < 0 ? 0 : parkedAt.toEpochMilli() + parkFor.toMillis();
        CompletableFuture<Void> released = new CompletableFuture<>();
        schedule(
                () -> putBack(meta.getKey(), site, message.getPayload(), released),
                Math.max(0, due - System.currentTimeMillis()));
        return released.thenCompose(v -> message.ack());
    }

    private void putBack(String key, String site, String value, CompletableFuture<Void> released) {
        changes.send(key, site, value, null, "parked").whenComplete((v, e) -> {
            if (e == null) {
                LOG.infof("%s (from %s): parked time is up, synced again", key, site);
                released.complete(null);
            } else {
                LOG.warnf("%s: could not put the parked change back (%s); trying again in %s", key, e, WRITE_RETRY);
                schedule(() -> putBack(key, site, value, released), WRITE_RETRY.toMillis());
            }
        });
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // stopping: left unacknowledged, released by the next instance
            LOG.debugf("Parked change left for the next instance: stopping");
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
