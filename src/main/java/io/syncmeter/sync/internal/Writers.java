package io.syncmeter.sync.internal;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who else writes what this instance writes, from the heartbeats seen: per direction, the deployments
 * (consumer groups) with a live member that owns shards and writes the same places, and whether this
 * instance's deployment is the newer of them (then it must stand by). Pure logic apart from its
 * thread-safe memory of the last heartbeat per writer.
 *
 * <p>A deployment's age is the earliest start among its live members; the oldest deployment keeps
 * writing; on a tie the smaller group id does.
 */
public final class Writers {

    private final String self;
    private final String group;
    private final long expireAfterMillis;
    private final Map<String, Heartbeat> seen = new ConcurrentHashMap<>();

    /**
     * @param self this instance's writer id
     * @param group its consumer group
     * @param expireAfterMillis a writer not heard from for this long is gone
     */
    public Writers(String self, String group, long expireAfterMillis) {
        this.self = self;
        this.group = group;
        this.expireAfterMillis = expireAfterMillis;
    }

    /** Takes a heartbeat (this instance's own included). */
    public void heard(Heartbeat h) {
        seen.merge(h.writer(), h, (a, b) -> b.sentAt() >= a.sentAt() ? b : a);
    }

    /** What is known of one direction at {@code now}. */
    public record View(Set<String> groups, Optional<String> olderGroup) {
        /** Deployments writing it, this one included when it does. */
        public int writers() {
            return groups.size();
        }
    }

    /**
     * The deployments that write the places of {@code direction} ({@code from} → {@code to}), and the
     * older one this deployment must give way to, if any.
     */
    public View view(Heartbeat.Target direction, long now) {
        seen.values()
                .removeIf(
                        h -> now - h.sentAt() > expireAfterMillis && !h.writer().equals(self));
        Map<String, Long> oldestStart = new HashMap<>();
        Set<String> writing = new TreeSet<>();
        for (Heartbeat h : seen.values()) {
            boolean same = h.directions().stream()
                    .anyMatch(t -> t.from().equals(direction.from()) && t.to().equals(direction.to()));
            if (!same) {
                continue;
            }
            oldestStart.merge(h.group(), h.startedAt(), Math::min);
            if (h.shards() > 0) {
                writing.add(h.group());
            }
        }
        Optional<String> older = writing.stream()
                .filter(g -> !g.equals(group))
                .filter(g -> oldestStart.containsKey(group)
                        ? compare(g, oldestStart.get(g), group, oldestStart.get(group)) < 0
                        : true)
                .min(Comparator.naturalOrder());
        return new View(Set.copyOf(writing), older);
    }

    private static int compare(String a, long aStart, String b, long bStart) {
        return aStart != bStart ? Long.compare(aStart, bStart) : a.compareTo(b);
    }

    /** The writers heard from and not yet expired (for the log). */
    public List<Heartbeat> heard() {
        return List.copyOf(seen.values());
    }
}
