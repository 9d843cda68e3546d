package io.syncmeter.sync.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deletes the engine made itself, so that their echo (the removal notification the site sends
 * back for them) is not replicated as if a user had deleted there. A delete leaves no metadata to
 * recognise it by, as a copy does; without this, the echo of a delete made for one site could remove
 * a write made at that site in the same second (S3 times are whole seconds).
 *
 * <p>A removal at a site is taken for the echo of one of our deletes there when its event time is not
 * earlier than the delete (less {@code skew}, for the site's clock against ours): a user's removal
 * notified before our delete was made is not swallowed. Each delete answers for one echo, for at most
 * {@code ttl}; at most {@code capacity} keys are kept (the oldest go first). Forgotten ones (a
 * restart, a shard that moved) only bring back the same-second limit. Thread-safe.
 */
public final class OwnDeletes {

    private final Duration ttl;
    private final Duration skew;
    private final int capacity;
    // insertion order = age order (an entry moves to the end when the key is deleted again)
    private final LinkedHashMap<String, ArrayDeque<Instant>> made = new LinkedHashMap<>();

    public OwnDeletes(Duration ttl, Duration skew, int capacity) {
        this.ttl = ttl;
        this.skew = skew;
        this.capacity = capacity;
    }

    /** The engine deleted {@code key} at {@code site} at {@code now} (its own clock). */
    public synchronized void record(String site, String key, Instant now) {
        String id = site + '\n' + key;
        ArrayDeque<Instant> times = made.remove(id);
        if (times == null) {
            times = new ArrayDeque<>(1);
        }
        times.addLast(now);
        made.put(id, times);
        expire(now);
        while (made.size() > capacity) {
            Iterator<Map.Entry<String, ArrayDeque<Instant>>> oldest =
                    made.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * Whether a removal of {@code key} at {@code site} notified at {@code eventTime} (null: unknown) is
     * the echo of one of our deletes; if so, that delete is forgotten.
     */
    public synchronized boolean consume(String site, String key, Instant eventTime, Instant now) {
        expire(now);
        String id = site + '\n' + key;
        ArrayDeque<Instant> times = made.get(id);
        if (times == null) {
            return false;
        }
        Instant ours = times.peekFirst();
        if (eventTime != null && eventTime.isBefore(ours.minus(skew))) {
            return false;
        }
        times.removeFirst();
        if (times.isEmpty()) {
            made.remove(id);
        }
        return true;
    }

    /** Keys with deletes remembered now. */
    public synchronized int size() {
        return made.size();
    }

    private void expire(Instant now) {
        Instant oldest = now.minus(ttl);
        Iterator<Map.Entry<String, ArrayDeque<Instant>>> it = made.entrySet().iterator();
        while (it.hasNext()) {
            ArrayDeque<Instant> times = it.next().getValue();
            if (!times.peekLast().isBefore(oldest)) {
                break;
            }
            it.remove();
        }
    }
}
