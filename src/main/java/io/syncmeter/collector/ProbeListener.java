package io.syncmeter.collector;

import java.time.Duration;
import java.util.Set;

/**
 * Receives the collector's decisions in this process, for the features built on them (SLA
 * evaluation, probe lifecycle). Implement it as an application-scoped bean: the collector calls every
 * such bean, for the probes this instance collects (its share of the collectors' consumer group).
 *
 * <p>Lifecycle: {@link #thresholds()} is asked once, when the collector starts; the other methods
 * are called from then until it stops.
 *
 * <p>Threading: called from the collector's polling threads and its Kafka consumer thread,
 * concurrently for different directions. Implementations must be thread-safe, quick (no blocking
 * I/O on the calling thread) and should not throw: an exception is logged and the collector goes on.
 */
public interface ProbeListener {

    /**
     * Lag thresholds this listener needs. The collector adds each as an exact bucket bound of the
     * {@code syncmeter_replication_lag_seconds} histogram (so Prometheus can compute the same ratios)
     * and calls {@link #overdue} for every probe found still absent at a target after that long.
     */
    default Set<Duration> thresholds() {
        return Set.of();
    }

    /**
     * A probe's outcome at one target: exactly once per probe and target, and once more as {@link
     * Outcome#DUPLICATE} for each replayed event.
     */
    default void resolved(ProbeResult result) {}

    /**
     * A probe is known to be still absent at a target more than one of {@link #thresholds()} after
     * its acknowledgement: a listing sent after that moment did not show it. At most once per probe,
     * target and threshold, always before its {@link #resolved}.
     */
    default void overdue(ProbeOverdue overdue) {}

    /** A probe is resolved at every target this collector awaits it at: once, after its last {@link #resolved}. */
    default void settled(ProbeSettled settled) {}
}
