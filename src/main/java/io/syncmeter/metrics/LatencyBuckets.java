package io.syncmeter.metrics;

import java.time.Duration;
import java.util.stream.Stream;

/** The histogram buckets of request-like durations (S3 calls, copies): one ladder, cut where needed. */
public final class LatencyBuckets {

    private static final Duration[] LADDER = {
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofMinutes(5)
    };

    private LatencyBuckets() {}

    /** The ladder's bounds from 1 ms up to {@code max} (inclusive), for {@code serviceLevelObjectives}. */
    public static Duration[] upTo(Duration max) {
        return Stream.of(LADDER).filter(d -> d.compareTo(max) <= 0).toArray(Duration[]::new);
    }
}
