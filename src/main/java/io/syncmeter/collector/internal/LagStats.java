package io.syncmeter.collector.internal;

import io.syncmeter.collector.LagDistribution;
import io.syncmeter.collector.LagEstimate;
import io.syncmeter.collector.LagFigures;
import io.syncmeter.collector.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Exact lag figures of one direction: an HdrHistogram of the current report interval, the last
 * completed interval, and everything since start (microseconds, 3 significant digits), plus counts
 * per outcome and the widest resolution of each interval.
 *
 * <p>Threading: {@link #record} and {@link #count} from any thread; {@link #rollInterval} from one
 * thread (the owner's scheduler); {@link #snapshot} from any thread.
 */
public final class LagStats {

    private static final long HIGHEST_MICROS = TimeUnit.DAYS.toMicros(2);

    private final Recorder interval = new Recorder(HIGHEST_MICROS, 3);
    private final ConcurrentHistogram sinceStart = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
    private final AtomicLong widestResolutionNanos = new AtomicLong();
    // from the recorder: rollInterval hands it back for recycling, and the recorder only takes its own
    private volatile Histogram lastInterval = interval.getIntervalHistogram();
    private volatile Instant lastIntervalStart;
    private volatile Instant lastIntervalEnd;
    private volatile Duration lastIntervalResolution = Duration.ZERO;
    private Instant currentStart;
    private final Instant start;

    public LagStats(Instant start) {
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, new LongAdder());
        }
        this.start = start;
        currentStart = start;
        lastIntervalStart = start;
        lastIntervalEnd = start;
    }

    /** Records a measured lag. */
    public void record(LagEstimate lag) {
        long micros = Math.min(HIGHEST_MICROS, Math.max(0, lag.estimate().toNanos() / 1_000));
        interval.recordValue(micros);
        sinceStart.recordValue(micros);
        widestResolutionNanos.accumulateAndGet(lag.resolution().toNanos(), Math::max);
    }

    /** Counts an outcome. */
    public void count(Outcome outcome) {
        outcomes.get(outcome).increment();
    }

    /** Closes the current interval at {@code now}: it becomes the last interval. */
    public void rollInterval(Instant now) {
        // never recycle: Recorder only takes back its own interval histograms (anything else throws, which
        // silently cancels the scheduled roll), and a recycled one may still be read by snapshot()
        lastInterval = interval.getIntervalHistogram();
        lastIntervalStart = currentStart;
        lastIntervalEnd = now;
        long widest = widestResolutionNanos.getAndSet(0);
        // an interval without samples says nothing about resolution: keep the last known one
        if (lastInterval.getTotalCount() > 0) {
            lastIntervalResolution = Duration.ofNanos(widest);
        }
        currentStart = now;
    }

    /** When the last completed interval began. */
    public Instant lastIntervalStart() {
        return lastIntervalStart;
    }

    /** The widest uncertainty among the samples of the last interval that had any (zero before). */
    public Duration lastIntervalResolution() {
        return lastIntervalResolution;
    }

    /** A consistent-enough copy of the figures for reporting. */
    public LagFigures snapshot() {
        return new LagFigures(
                start,
                lastInterval(),
                lastIntervalStart,
                lastIntervalEnd,
                distribution(sinceStart.copy()),
                outcomeCounts(),
                lastIntervalResolution);
    }

    /** The percentiles of the last completed interval (cheaper than a whole {@link #snapshot}). */
    public LagDistribution lastInterval() {
        return distribution(lastInterval.copy());
    }

    /** The counts per outcome since start. */
    public Map<Outcome, Long> outcomeCounts() {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        outcomes.forEach((o, n) -> counts.put(o, n.sum()));
        return counts;
    }

    private static LagDistribution distribution(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new LagDistribution(0, null, null, null, null, null);
        }
        return new LagDistribution(
                h.getTotalCount(),
                seconds(h.getValueAtPercentile(50)),
                seconds(h.getValueAtPercentile(90)),
                seconds(h.getValueAtPercentile(99)),
                seconds(h.getValueAtPercentile(99.9)),
                seconds(h.getMaxValue()));
    }

    private static double seconds(long micros) {
        return micros / 1_000_000d;
    }
}
