package io.syncmeter.collector;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The collector: how it finds probes at the other sites. Thresholds (late, give-up) come from the
 * probe profile. Detection lists each origin's time-sorted probe prefix at a target from just below
 * the oldest probe still awaited, so one request finds many probes.
 */
@ConfigMapping(prefix = "syncmeter.collector")
public interface CollectorConfig {

    /** Whether this instance consumes probe events (it then joins the collectors' consumer group). */
    @WithDefault("true")
    boolean enabled();

    /** How often each direction lists probes younger than {@link #stragglerAfter()}; bounds lag resolution. */
    @WithDefault("200ms")
    Duration pollInterval();

    /** A probe not seen after this long is checked on the slower straggler cadence. */
    @WithDefault("5s")
    Duration stragglerAfter();

    /** How often each direction lists stragglers. */
    @WithDefault("2s")
    Duration stragglerPollInterval();

    /** Keys per LIST request (S3 allows at most 1000). */
    @WithDefault("1000")
    int listPageSize();

    /** The length of the "last interval" in {@code /api/status} and of the resolution gauge. */
    @WithDefault("10s")
    Duration reportInterval();

    /**
     * How much recent history each direction keeps, one entry per report interval ({@code GET
     * /api/status/history}, the live page); at most 10,000 intervals.
     */
    @WithDefault("1h")
    Duration history();

    /** How long probe ids are remembered after their outcome, to recognise replayed events. */
    @WithDefault("15m")
    Duration dedupRetention();

    /** Whether each sample is also published to the lag-samples topic. */
    @WithDefault("true")
    boolean publishSamples();
}
