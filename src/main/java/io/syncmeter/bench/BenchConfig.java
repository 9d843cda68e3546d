package io.syncmeter.bench;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Benchmark runs ({@code syncmeter.bench.*}): where the runs the API starts write their results, how
 * often their figures are sampled, how many ended runs are listed, the Kafka topic runs publish to and
 * joint runs meet on. Validated at startup by {@link
 * BenchRuns}; a bad value fails startup with a message naming the key.
 */
@ConfigMapping(prefix = "syncmeter.bench")
public interface BenchConfig {

    /** The directory under which each run the API starts writes its results, one directory per run id. */
    @WithDefault("bench-results")
    Path resultsDir();

    /**
     * How often a run samples its figures: a row of each CSV, an interval of the HdrHistogram logs, a
     * step of the progress. From 100ms to 1m.
     */
    @WithDefault("1s")
    Duration interval();

    /** How many ended runs {@code GET /api/runs} still lists (their files stay). From 1 to 10000. */
    @WithDefault("100")
    int keepEnded();

    /**
     * The Kafka topic every run publishes its progress (each interval, at least a second apart) and its
     * result to, and the parties of a joint run meet on. Created with one partition when missing.
     */
    @WithDefault("syncmeter.bench-runs")
    String topic();

    /** Whether runs publish their progress and results on {@link #topic()}; a joint run needs it. */
    @WithDefault("true")
    boolean publish();

    /**
     * How long a party of a joint run waits at the start barrier for the others, and again after its
     * load for their results. From 10s to 24h.
     */
    @WithDefault("10m")
    Duration joinTimeout();
}
