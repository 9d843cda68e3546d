package io.syncmeter.bench.internal;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A direction's replication lag over time, bounded: the lags of the objects written in each interval
 * of the run (by the PUT's acknowledgement, so a burst's slow objects show where they were written,
 * not where they were found), with their percentiles. Intervals are 1 s until {@link #CAPACITY} of
 * them would not cover the run; then every two neighbours merge (their histograms added) and an
 * interval is twice as long from then on. A 24 h run keeps intervals of about 3 minutes, and no lag
 * is lost to the merging.
 *
 * <p>Not thread-safe: one watcher thread adds, and reads once it ended.
 */
final class LagSeries {

    /** The most intervals kept. Even, so that a full series halves exactly. */
    static final int CAPACITY = 512;

    /** The first intervals' length. */
    static final long FIRST_WIDTH_NANOS = 1_000_000_000L;

    private final int capacity;
    private long widthNanos = FIRST_WIDTH_NANOS;
    // interval i holds the lags of objects written from i × widthNanos on; null: none yet
    private final List<Histogram> intervals = new ArrayList<>();

    LagSeries() {
        this(CAPACITY);
    }

    LagSeries(int capacity) {
        if (capacity < 2 || capacity % 2 != 0) {
            throw new IllegalArgumentException("capacity must be even and at least 2: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * One object's lag.
     *
     * @param writtenNanos when its PUT was acknowledged, after the watch started (earlier counts as 0)
     * @param lagNanos its lag
     */
    void add(long writtenNanos, long lagNanos) {
        long at = Math.max(0, writtenNanos);
        while (at / widthNanos >= capacity) {
            halve();
        }
        int i = (int) (at / widthNanos);
        while (intervals.size() <= i) {
            intervals.add(null);
        }
        Histogram h = intervals.get(i);
        if (h == null) {
            // two digits are enough for a chart, and keep an interval to a few kilobytes
            h = new Histogram(2);
            intervals.set(i, h);
        }
        h.recordValue(Math.max(0, lagNanos));
    }

    private void halve() {
        List<Histogram> merged = new ArrayList<>(capacity / 2);
        for (int i = 0; i < intervals.size(); i += 2) {
            Histogram a = intervals.get(i);
            Histogram b = i + 1 < intervals.size() ? intervals.get(i + 1) : null;
            if (a == null) {
                merged.add(b);
            } else {
                if (b != null) {
                    a.add(b);
                }
                merged.add(a);
            }
        }
        intervals.clear();
        intervals.addAll(merged);
        widthNanos *= 2;
    }

    /** The intervals that hold lags, in time order. */
    List<ReplicationWatch.LagPoint> points() {
        List<ReplicationWatch.LagPoint> out = new ArrayList<>();
        for (int i = 0; i < intervals.size(); i++) {
            Histogram h = intervals.get(i);
            if (h == null) {
                continue;
            }
            out.add(new ReplicationWatch.LagPoint(
                    i * widthNanos / 1e9,
                    widthNanos / 1e9,
                    h.getTotalCount(),
                    h.getValueAtPercentile(50) / 1e9,
                    h.getValueAtPercentile(99) / 1e9,
                    h.getMaxValue() / 1e9));
        }
        return List.copyOf(out);
    }
}
