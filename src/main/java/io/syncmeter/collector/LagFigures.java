package io.syncmeter.collector;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One direction's lag figures at one moment: the last completed report interval, everything since
 * start, counts per outcome and the widest resolution of the last interval that had samples.
 */
public record LagFigures(
        Instant start,
        LagDistribution lastInterval,
        Instant lastIntervalStart,
        Instant lastIntervalEnd,
        LagDistribution sinceStart,
        Map<Outcome, Long> outcomes,
        Duration lastIntervalResolution) {}
