package io.syncmeter.collector;

import java.time.Duration;
import java.time.Instant;

/**
 * The lag of one probe, known within an interval. Pure arithmetic, unit-tested.
 *
 * @param lower the lag's lower bound (never negative)
 * @param upper the lag's upper bound (never below {@code lower})
 */
public record LagEstimate(Duration lower, Duration upper) {

    /**
     * From the acknowledgement at the source, the send time of the last listing that did not show the
     * probe (or the acknowledgement when none did), and the time the listing that showed it came back.
     */
    public static LagEstimate of(Instant acked, Instant lastAbsent, Instant seen) {
        Duration lower = Duration.between(acked, lastAbsent);
        if (lower.isNegative()) {
            lower = Duration.ZERO;
        }
        Duration upper = Duration.between(acked, seen);
        if (upper.compareTo(lower) < 0) {
            upper = lower;
        }
        return new LagEstimate(lower, upper);
    }

    /** The middle of the interval: the estimate with the smallest worst-case error. */
    public Duration estimate() {
        return lower.plus(upper.minus(lower).dividedBy(2));
    }

    /** The width of the interval: how finely this lag is known. */
    public Duration resolution() {
        return upper.minus(lower);
    }

    /** Replicated or late, by the estimate against the late threshold (a lag equal to it is on time). */
    public Outcome classify(Duration lateThreshold) {
        return estimate().compareTo(lateThreshold) > 0 ? Outcome.LATE : Outcome.REPLICATED;
    }
}
