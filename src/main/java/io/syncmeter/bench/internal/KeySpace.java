package io.syncmeter.bench.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which of a run's {@code count} keys (numbered from 0) have been written at one site, so that reads
 * pick among keys that exist. Keys are taken in order: a write either overwrites a key already taken
 * or takes the next new one, so the keys known to exist are always the range {@code [0, known())}.
 * A key counts as known once its first write has ended, successful or not, since a write still in
 * flight would make a read of it a false {@code not-found}; a key whose write failed, or that a DELETE
 * removed, stays known (a GET or HEAD of it is a {@code not-found}) until a later write draws it again.
 *
 * <p>Thread-safe and lock-free; one bit per key (12.5 MB for the largest key count a profile allows).
 */
final class KeySpace {

    private final long count;
    private final AtomicLongArray ended;
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong known = new AtomicLong();

    KeySpace(long count) {
        if (count < 1) {
            throw new IllegalArgumentException("a run needs at least one key, was " + count);
        }
        this.count = count;
        this.ended = new AtomicLongArray((int) ((count + 63) / 64));
    }

    /** The number of keys. */
    long count() {
        return count;
    }

    /** How many keys have been taken by a write (their first write may still be in flight). */
    long taken() {
        return taken.get();
    }

    /** How many keys are known: {@code [0, known())} have had a write end. */
    long known() {
        return known.get();
    }

    /** The next new key, or -1 when every key is taken. */
    long takeNew() {
        long k;
        do {
            k = taken.get();
            if (k >= count) {
                return -1;
            }
        } while (!taken.compareAndSet(k, k + 1));
        return k;
    }

    /**
     * The key a write with draw {@code u} (uniform in [0, 1)) goes to: the drawn one among all keys if
     * it is taken already (an overwrite), else the next new one.
     */
    long forWrite(double u) {
        long drawn = index(u, count);
        if (drawn < taken.get()) {
            return drawn;
        }
        long next = takeNew();
        return next < 0 ? drawn : next;
    }

    /**
     * The key a read or delete with draw {@code u} goes to: among the known keys, or among all when
     * none is known yet (the server then says what it holds: {@code not-found}).
     */
    long forRead(double u) {
        long k = known.get();
        return index(u, k == 0 ? count : k);
    }

    /** Records that a write of {@code key} has ended; call after every write, whatever its outcome. */
    void ended(long key) {
        int word = (int) (key >>> 6);
        long bit = 1L << (key & 63);
        long old;
        do {
            old = ended.get(word);
        } while ((old & bit) == 0 && !ended.compareAndSet(word, old, old | bit));
        // whoever ends the write at the watermark moves it past every write ended meanwhile; each
        // writer sets its bit before it looks, so no ended key is left below a stuck watermark
        long w = known.get();
        while (w < count && isEnded(w)) {
            known.compareAndSet(w, w + 1);
            w = known.get();
        }
    }

    private boolean isEnded(long key) {
        return (ended.get((int) (key >>> 6)) & (1L << (key & 63))) != 0;
    }

    private static long index(double u, long bound) {
        return Math.min(bound - 1, (long) (u * bound));
    }
}
