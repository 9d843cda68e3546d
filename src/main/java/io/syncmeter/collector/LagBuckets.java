package io.syncmeter.collector;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** Histogram bucket bounds for replication lag: 5 ms to the give-up time, roughly 1-2.5-5 per decade. */
final class LagBuckets {

    private static final long[] MILLIS = {
        5,
        10,
        25,
        50,
        100,
        250,
        500,
        1_000,
        2_500,
        5_000,
        10_000,
        15_000,
        30_000,
        60_000,
        120_000,
        300_000,
        600_000,
        900_000,
        1_800_000,
        3_600_000,
        7_200_000,
        21_600_000,
        86_400_000
    };

    private LagBuckets() {}

    /** The bounds up to and including {@code giveUp}. */
    static Duration[] upTo(Duration giveUp) {
        return upTo(giveUp, List.of());
    }

    /**
     * The bounds up to and including {@code giveUp}, plus each of {@code exact} (thresholds that
     * objectives or alerts compare lag with, so a bucket boundary lies exactly on them), in order.
     */
    static Duration[] upTo(Duration giveUp, Collection<Duration> exact) {
        TreeSet<Duration> out = new TreeSet<>();
        for (long ms : MILLIS) {
            Duration d = Duration.ofMillis(ms);
            if (d.compareTo(giveUp) >= 0) {
                break;
            }
            out.add(d);
        }
        out.add(giveUp);
        for (Duration d : exact) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a lag bucket bound must be positive, was " + d);
            }
            out.add(d);
        }
        return out.toArray(Duration[]::new);
    }
}
