package io.syncmeter.sync;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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
}
