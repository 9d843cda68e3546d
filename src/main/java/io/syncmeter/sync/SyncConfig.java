package io.syncmeter.sync;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The sync engine ({@code syncmeter.sync.*}): which directions it replicates and which keys. Validated
 * at startup by {@link SyncEngine}; a bad value fails startup with a message naming the key.
 */
@ConfigMapping(prefix = "syncmeter.sync")
public interface SyncConfig {

    /**
     * Whether the engine replicates. When {@code false} the change consumer still runs but acknowledges
     * and skips every record without reading or writing any site (its offsets advance, so changes that
     * arrive while disabled are not replayed when it is enabled again).
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Directions to replicate, each {@code source->target} with configured site names (e.g. {@code
     * dc1->dc2,dc2->dc1}); absent means every ordered pair of configured sites.
     */
    Optional<List<String>> directions();

    /**
     * Key prefixes to replicate (e.g. {@code data/,logs/}); absent means every key in the sites'
     * buckets. Changes of other keys are skipped and counted with outcome {@code filtered}.
     */
    Optional<List<String>> prefixes();

    /**
     * Keys synced at once: lanes, each one thread; the changes of one key always run on the same lane,
     * in order. From 1 to 256.
     */
    @WithDefault("16")
    int concurrency();

    /**
     * Changes taken from the topic and not yet applied, at most; the consumer waits for room beyond
     * that (so memory stays bounded under a backlog). From 1 to 100000.
     */
    @WithDefault("1000")
    int maxInFlight();

    /**
     * A standstill of this process longer than this (frozen, suspended, a long collector pause)
     * fences the writes of every change taken before it: the group may have moved their shards
     * meanwhile. They are retried after {@link #retryAfterFence()}, if the shard is still this
     * worker's. From 200 ms to below the {@code changes-in} session timeout minus its heartbeat
     * interval (6 s − 1 s by default).
     */
    @WithDefault("2s")
    Duration fenceAfterPause();

    /**
     * How long a fenced change waits before it is retried (when its shard is still this worker's): long
     * enough for the consumer to learn that its session ended. Above the {@code changes-in} session
     * timeout plus its heartbeat interval (6 s + 1 s by default).
     */
    @WithDefault("8s")
    Duration retryAfterFence();

    /**
     * After a write that was let through while its shard moved (the fence stopped holding while the
     * write was on its way), how long the engine waits for that write to settle at the target before
     * it hands the key to the shard's owner, which syncs it again from the source's current state.
     * From 100 ms to 1 min.
     */
    @WithDefault("2s")
    Duration recheckAfter();

    /**
     * Whether copies are conditional writes where a target honours them: {@code auto} checks each
     * target once at start (one small object under {@code .syncmeter/conditional-check/}, deleted at
     * once) and, where {@code If-None-Match} and {@code If-Match} are honoured, sends every small copy
     * under the condition that the target still holds what was read there; {@code off} never checks
     * and writes unconditionally.
     */
    @WithDefault("auto")
    ConditionalWrites conditionalWrites();

    /** The values of {@link #conditionalWrites()}. */
    enum ConditionalWrites {
        /** Check each target at start, and use them where honoured. */
        AUTO,
        /** Never. */
        OFF
    }

    /** Other deployments writing the same places: how they are seen and what this one does. */
    Writers writers();

    /** {@code syncmeter.sync.writers.*}: one active writer per direction, beyond the consumer group. */
    interface Writers {
        /** What to do about it. */
        enum Mode {
            /** The newer deployment stands by while an older one writes the same places. */
            STOP_NEWER,
            /** Only count and log. */
            REPORT
        }

        /**
         * {@code stop-newer}: while another deployment (another consumer group) writes the same places
         * and started earlier, this one writes nothing for that direction, and runs a full sync of it
         * once that one is gone; {@code report}: count and log only.
         */
        @WithDefault("stop-newer")
        Mode mode();

        /** How often this instance announces itself on {@code syncmeter.sync-heartbeats}. 100 ms to 1 min. */
        @WithDefault("1s")
        Duration heartbeatInterval();

        /** A writer not heard from for this long is gone; at least three heartbeat intervals. */
        @WithDefault("5s")
        Duration expireAfter();
    }

    /** Full syncs: listing both sides of every direction and syncing what differs. */
    Resync resync();

    /** {@code syncmeter.sync.resync.*}: when full syncs run by themselves (one can always be requested). */
    interface Resync {
        /**
         * Whether the worker that owns shard 0 runs one once it owns it after starting: catches what
         * changed while no engine ran, and a bucket that was filled before replication was set up.
         */
        @WithDefault("true")
        boolean onStart();

        /**
         * How often the worker that owns shard 0 runs one (catches changes whose notification never
         * came); {@code 0} never. 0, or from 1 min to 30 d.
         */
        @WithDefault("6h")
        Duration interval();

        /**
         * Key ranges listed and compared at once: the keys of each direction and prefix are cut into
         * ranges (about 2 per lister, from what exists) that are listed on both sides side by side; 1
         * lists each side in one sequential listing. From 1 to 64.
         */
        @WithDefault("4")
        int parallelism();
    }

    /** Retries of a key whose sync failed (an S3 error at either site). */
    Retry retry();

    /** {@code syncmeter.sync.retry.*}: backoff of failed syncs; other keys never wait for them. */
    interface Retry {
        /** Retries after the first failure, at most; 0 turns retries off. From 0 to 20. */
        @WithDefault("6")
        int attempts();

        /**
         * The wait before the first retry, doubled for each next one up to {@link #maxBackoff()}.
         * From 10 ms to 1 min.
         */
        @WithDefault("1s")
        Duration initialBackoff();

        /**
         * The longest wait between two retries. The waits of all retries together must stay under
         * the {@code changes-in} channel's {@code throttled.unprocessed-record-max-age.ms} (5 min),
         * after which an unacknowledged record marks the channel unhealthy.
         */
        @WithDefault("30s")
        Duration maxBackoff();

        /**
         * A key whose retries all failed is parked: written to the parking topic (channel {@code
         * parked-out}, topic {@code syncmeter.sync-parked}) with the reason, and put back on the change
         * topic this long after, to be synced again (and parked again if it fails again): never dropped.
         * From 1 s to 24 h.
         */
        @WithDefault("5m")
        Duration parkFor();
    }
}
