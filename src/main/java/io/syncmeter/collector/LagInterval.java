package io.syncmeter.collector;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One direction's figures over one completed report interval, as kept in the collector's recent
 * history ({@link Collector#history}).
 *
 * @param start when the interval began
 * @param end when it was closed
 * @param lag the lag percentiles of the samples measured in it
 * @param outcomes probes decided in it, per outcome (every outcome present, 0 when none)
 * @param pending probes awaited when it was closed
 * @param resolution the widest lag uncertainty of its samples (that of the last interval with samples when it had none)
 */
public record LagInterval(
        Instant start,
        Instant end,
        LagDistribution lag,
        Map<Outcome, Long> outcomes,
        int pending,
        Duration resolution) {}
