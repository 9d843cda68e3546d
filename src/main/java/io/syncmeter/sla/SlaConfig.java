package io.syncmeter.sla;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Service-level objectives ({@code syncmeter.sla.*}): declared once here, evaluated live from the
 * collector's and the probe writers' decisions, kept in a compacted Kafka topic so compliance over a
 * long period survives restarts. Validated at startup; a bad declaration fails startup naming the
 * key.
 */
@ConfigMapping(prefix = "syncmeter.sla")
public interface SlaConfig {

    /** Whether objectives are evaluated in this instance. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The objectives by name ({@code syncmeter.sla.objectives.<name>.*}). When none is declared, the
     * default set applies: {@code replication} (99.9 % within 15 min over 30 days, per direction),
     * {@code freshness} (p99 lag under 60 s over 5 min) and {@code probe-writes} (99.9 % of probe PUTs
     * succeed over 30 days).
     */
    Map<String, ObjectiveConfig> objectives();

    /** How often this instance writes its counts to the state topic (what a crash can lose at most). */
    @WithDefault("5s")
    Duration flushInterval();

    /** How often compliance, error budgets and burn rates are recomputed for the gauges. */
    @WithDefault("5s")
    Duration evaluationInterval();

    /** The windows of {@code syncmeter_sla_burn_rate}: each becomes a value of its {@code window} label. */
    @WithDefault("5m,30m,1h,6h")
    List<Duration> burnRateWindows();

    /** The Kafka topic holding every instance's counts per hour (compacted; created when missing). */
    @WithDefault("syncmeter.sla-state")
    String stateTopic();

    /** Whether syncmeter creates the state topic when it does not exist (needs the right to create topics). */
    @WithDefault("true")
    boolean createStateTopic();

    /** How long startup waits for the state topic to be read back before evaluating without it. */
    @WithDefault("60s")
    Duration restoreTimeout();

    /** Worst offenders kept per objective, series and hour, and reported per series. */
    @WithDefault("10")
    int worstOffenders();

    /** Threshold events logged per objective and minute at most; the others are summed up in one line. */
    @WithDefault("20")
    int logEventsPerMinute();

    /** One objective. */
    interface ObjectiveConfig {

        /** What it measures: {@code replication}, {@code freshness} or {@code write-availability}. */
        String kind();

        /**
         * The share of good events promised, as a ratio ({@code 0.999}) or a percentage ({@code 99.9%});
         * for freshness the percentile ({@code 0.99} is p99).
         */
        String target();

        /** The lag threshold (replication and freshness only), at most the probe profile's give-up time. */
        Optional<Duration> threshold();

        /** The compliance period, a rolling window in whole minutes; default 30 days (5 minutes for freshness). */
        Optional<Duration> period();

        /** Directions covered ({@code dc1->dc2,...}); default every direction (replication and freshness). */
        Optional<List<String>> directions();

        /** Sites covered (write availability); default every site. */
        Optional<List<String>> sites();

        /** What it promises, in words, for reports; default generated from the other keys. */
        Optional<String> description();
    }
}
