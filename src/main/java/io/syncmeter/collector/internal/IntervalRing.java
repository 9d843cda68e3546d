package io.syncmeter.collector.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The most recent elements, at most {@code capacity} of them: adding one to a full ring drops the
 * oldest. Memory is bounded by the capacity whatever runs for how long.
 *
 * <p>Threading: every method may be called from any thread (they synchronise on the ring).
 */
public final class IntervalRing<T> {

    private final int capacity;
    private final ArrayDeque<T> elements;

    public IntervalRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.elements = new ArrayDeque<>(capacity);
    }

    /** Adds the newest element, dropping the oldest when the ring is full. */
    public synchronized void add(T element) {
        if (elements.size() == capacity) {
            elements.removeFirst();
        }
        elements.addLast(element);
    }

    /** The elements {@code keep} accepts, oldest first (a copy). */
    public synchronized List<T> select(Predicate<? super T> keep) {
        return elements.stream().filter(keep).toList();
    }

    /** How many elements it holds. */
    public synchronized int size() {
        return elements.size();
    }

    /** The most it holds. */
    public int capacity() {
        return capacity;
    }
}
