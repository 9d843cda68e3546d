package io.syncmeter.collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
        List<Duration> out = new ArrayList<>();
        for (long ms : MILLIS) {
            Duration d = Duration.ofMillis(ms);
            if (d.compareTo(giveUp) >= 0) {
                break;
            }
            out.add(d);
        }
        out.add(giveUp);
        return out.toArray(Duration[]::new);
    }
}
