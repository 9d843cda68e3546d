package io.syncmeter.lifecycle.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Probe objects waiting for their deletion time, bounded: an offer that finds {@link #capacity()}
 * entries waiting is refused (the caller counts it; the retention sweep removes the objects later),
 * so neither months of running nor a site that fails deletes for hours can grow it without limit.
 * Entries leave only through {@link #pollDue}, never come back (a failed delete is not retried).
 *
 * <p>Thread-safe: offered from the collector's threads, polled from the lifecycle scheduler; every
 * method holds the queue's lock briefly (O(log n)).
 */
public final class DeletionQueue {

    /**
     * One probe object to delete.
     *
     * @param key the probe key
     * @param sites the sites to delete it at
     * @param due when it may be deleted
     */
    public record Entry(String key, Set<String> sites, Instant due) {
        public Entry {
            sites = Set.copyOf(sites);
        }
    }

    private final int capacity;
    private final PriorityQueue<Entry> entries =
            new PriorityQueue<>(Comparator.comparing(Entry::due).thenComparing(Entry::key));

    public DeletionQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds a probe; false, and nothing added, when the queue is full. */
    public synchronized boolean offer(String key, Collection<String> sites, Instant due) {
        if (entries.size() >= capacity) {
            return false;
        }
        entries.add(new Entry(key, Set.copyOf(sites), due));
        return true;
    }

    /** Removes and returns every entry due at {@code now} (due time not after it), earliest first. */
    public synchronized List<Entry> pollDue(Instant now) {
        List<Entry> due = new ArrayList<>();
        while (!entries.isEmpty() && !entries.peek().due().isAfter(now)) {
            due.add(entries.poll());
        }
        return due;
    }

    /** Entries waiting now. */
    public synchronized int size() {
        return entries.size();
    }

    /** The most entries it holds. */
    public int capacity() {
        return capacity;
    }

    /** The keys of {@code entries} per site, sites in name order, keys in the entries' order. */
    public static Map<String, List<String>> keysPerSite(List<Entry> entries) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Entry e : entries) {
            for (String site : e.sites()) {
                out.computeIfAbsent(site, s -> new ArrayList<>()).add(e.key());
            }
        }
        return out;
    }
}
