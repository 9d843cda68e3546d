package io.syncmeter.sync.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The copies and deletes the engine made itself, so that their echo (the notification the site sends
 * back for them) is recognised without a request, and a delete's echo is not replicated as if a user
 * had deleted there. A delete leaves no metadata to recognise it by, as a copy does; without this, the
 * echo of a delete made for one site could remove a write made at that site in the same second (S3
 * times are whole seconds). A copy's echo would otherwise cost a HEAD.
 *
 * <p>A write is identified by site, key and the ETag it left (none for a delete). A notification is
 * taken for its echo when it matches and its event time is not earlier than the write (less {@code
 * skew}, for the site's clock against ours): a user's removal notified before our delete was made is
 * not swallowed. Each write answers for one echo, for at most {@code ttl}; at most {@code capacity}
 * are kept (the oldest go first). A forgotten one (a restart, a shard that moved) costs a request,
 * and for a delete brings back the same-second limit. Thread-safe.
 */
public final class OwnWrites {

    /** One of our writes: the site whose change made us write it, and when. */
    private record Write(String from, Instant at) {}

    private final Duration ttl;
    private final Duration skew;
    private final int capacity;
    // insertion order = age order (an entry moves to the end when it is written again)
    private final LinkedHashMap<String, ArrayDeque<Write>> made = new LinkedHashMap<>();

    public OwnWrites(Duration ttl, Duration skew, int capacity) {
        this.ttl = ttl;
        this.skew = skew;
        this.capacity = capacity;
    }

    /**
     * The engine wrote {@code key} at {@code site} at {@code now} (its own clock) for a change of site
     * {@code from}: a copy that left {@code etag}, or a delete ({@code etag} null).
     */
    public synchronized void record(String site, String key, String etag, String from, Instant now) {
        String id = id(site, key, etag);
        ArrayDeque<Write> writes = made.remove(id);
        if (writes == null) {
            writes = new ArrayDeque<>(1);
        }
        writes.addLast(new Write(from, now));
        made.put(id, writes);
        expire(now);
        while (made.size() > capacity) {
            Iterator<Map.Entry<String, ArrayDeque<Write>>> oldest =
                    made.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * If a notification of {@code key} at {@code site} (a write that left {@code etag}, or a removal:
     * null) at {@code eventTime} (null: unknown) is the echo of one of our writes, that write is
     * forgotten and the site whose change made it is returned.
     */
    public synchronized Optional<String> consume(String site, String key, String etag, Instant eventTime, Instant now) {
        expire(now);
        String id = id(site, key, etag);
        ArrayDeque<Write> writes = made.get(id);
        if (writes == null) {
            return Optional.empty();
        }
        Write ours = writes.peekFirst();
        if (eventTime != null && eventTime.isBefore(ours.at().minus(skew))) {
            return Optional.empty();
        }
        writes.removeFirst();
        if (writes.isEmpty()) {
            made.remove(id);
        }
        return Optional.of(ours.from());
    }

    /** Writes (of distinct site, key and ETag) remembered now. */
    public synchronized int size() {
        return made.size();
    }

    private static String id(String site, String key, String etag) {
        return site + '\n' + key + '\n' + (etag == null ? "" : CopyRules.unquote(etag));
    }

    private void expire(Instant now) {
        Instant oldest = now.minus(ttl);
        Iterator<Map.Entry<String, ArrayDeque<Write>>> it = made.entrySet().iterator();
        while (it.hasNext()) {
            if (!it.next().getValue().peekLast().at().isBefore(oldest)) {
                break;
            }
            it.remove();
        }
    }
}
