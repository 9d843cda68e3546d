package io.syncmeter.sync.internal;

import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which shards (partitions of the change topic) this worker owns, each with the generation it was
 * assigned under: every assignment of a partition to this worker gets a new, larger generation, and a
 * revocation or loss ends it. A write for a change carries the generation its record was taken under
 * and is allowed only while that generation is current ({@link Lease}), so a worker never writes for
 * a shard after the group gave it away — not even a copy that was in flight when it moved.
 *
 * <p>Threading: {@link #assigned} and {@link #revoked} from the consumer's polling thread (its
 * rebalance callbacks), the queries from any thread.
 */
public final class ShardOwnership {

    private final Map<Integer, Long> generations = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong moves = new AtomicLong();

    /** The group gave these partitions to this worker: each starts a new generation. */
    public void assigned(Collection<Integer> partitions) {
        assigned(partitions, null);
    }

    /**
     * The group gave {@code added} to this worker, which now owns {@code current} (all its partitions):
     * each added one starts a new generation, and any other partition not in {@code current} is
     * revoked — a loss whose callback never came (see {@code SyncShards}) ends here at the latest.
     *
     * @param current every partition the worker owns now, or null when unknown
     */
    public void assigned(Collection<Integer> added, Collection<Integer> current) {
        if (current != null) {
            revoked(generations.keySet().stream()
                    .filter(p -> !current.contains(p))
                    .toList());
        }
        for (int p : added) {
            generations.put(p, next.incrementAndGet());
            moves.incrementAndGet();
        }
    }

    /** These partitions left this worker (revoked in a rebalance, or lost with its membership). */
    public void revoked(Collection<Integer> partitions) {
        for (int p : partitions) {
            if (generations.remove(p) != null) {
                moves.incrementAndGet();
            }
        }
    }

    /** The current generation of a partition, empty when this worker does not own it. */
    public OptionalLong generation(int partition) {
        Long g = generations.get(partition);
        return g == null ? OptionalLong.empty() : OptionalLong.of(g);
    }

    /** Whether this worker still owns the partition under this generation. */
    public boolean holds(int partition, long generation) {
        Long g = generations.get(partition);
        return g != null && g == generation;
    }

    /** Partitions owned now. */
    public int owned() {
        return generations.size();
    }

    /** Partitions that came to or left this worker since the start. */
    public long moves() {
        return moves.get();
    }

    /**
     * The right to write for one change: its partition's generation when its record was taken, and
     * the time the record was written (before it was taken), against which pauses are checked.
     */
    public record Lease(ShardOwnership ownership, PauseWatch pauses, int partition, long generation, long sinceMillis)
            implements Fence {

        @Override
        public void check() {
            if (!ownership.holds(partition, generation)) {
                throw new Fenced("shard " + partition + " is no longer owned under generation " + generation);
            }
            if (pauses.pausedSince(sinceMillis)) {
                throw new Fenced(
                        "the process stood still since the change was taken; shard " + partition + " may have moved");
            }
        }

        @Override
        public boolean held() {
            return ownership.holds(partition, generation) && !pauses.pausedSince(sinceMillis);
        }

        /** The same lease for a change of the same key taken later: the earlier time, the later generation. */
        public Lease merge(Lease later) {
            return new Lease(
                    ownership, pauses, later.partition, later.generation, Math.min(sinceMillis, later.sinceMillis));
        }
    }
}
