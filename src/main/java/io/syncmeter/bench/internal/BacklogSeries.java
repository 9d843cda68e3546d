package io.syncmeter.bench.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A direction's backlog over time, bounded: one sample per round until it holds {@link #CAPACITY}
 * samples, then every two neighbours merge into one (the earlier time, the larger backlog) and a
 * sample stands for twice as many rounds from then on: a sample is at its first round's time and
 * holds the largest backlog of its rounds. A 24 h run at 4 rounds a second keeps about
 * a minute per sample instead of 345,600 samples, and no peak is lost to the thinning: each sample
 * is the largest backlog of its rounds.
 *
 * <p>Not thread-safe: one watcher thread adds, and reads once it ended.
 */
final class BacklogSeries {

    /** The most samples kept. Even, so that a full series halves exactly. */
    static final int CAPACITY = 2048;

    private final int capacity;
    private final List<ReplicationWatch.BacklogSample> samples = new ArrayList<>();
    // rounds per sample, and the rounds of the sample being gathered
    private int stride = 1;
    private int gathered;
    private long gatheredMax;
    private double gatheredSeconds;
    private double lastSeconds;
    private long lastPending;

    BacklogSeries() {
        this(CAPACITY);
    }

    BacklogSeries(int capacity) {
        if (capacity < 2 || capacity % 2 != 0) {
            throw new IllegalArgumentException("capacity must be even and at least 2: " + capacity);
        }
        this.capacity = capacity;
    }

    /** One round's backlog, {@code seconds} after the watch started. */
    void add(double seconds, long pending) {
        if (gathered == 0) {
            gatheredMax = pending;
            gatheredSeconds = seconds;
        } else {
            gatheredMax = Math.max(gatheredMax, pending);
        }
        lastSeconds = seconds;
        lastPending = pending;
        if (++gathered < stride) {
            return;
        }
        samples.add(new ReplicationWatch.BacklogSample(gatheredSeconds, gatheredMax));
        gathered = 0;
        if (samples.size() == capacity) {
            List<ReplicationWatch.BacklogSample> merged = new ArrayList<>(capacity);
            for (int i = 0; i < samples.size(); i += 2) {
                ReplicationWatch.BacklogSample a = samples.get(i);
                ReplicationWatch.BacklogSample b = samples.get(i + 1);
                merged.add(new ReplicationWatch.BacklogSample(a.seconds(), Math.max(a.pending(), b.pending())));
            }
            samples.clear();
            samples.addAll(merged);
            stride *= 2;
        }
    }

    /**
     * The samples, the rounds gathered since the last one included; the very last round stands
     * alone (the end of a drain is a backlog of 0, which a merge would hide).
     */
    List<ReplicationWatch.BacklogSample> samples() {
        List<ReplicationWatch.BacklogSample> out = new ArrayList<>(samples);
        if (gathered > 0) {
            out.add(new ReplicationWatch.BacklogSample(gatheredSeconds, gatheredMax));
        }
        ReplicationWatch.BacklogSample last = new ReplicationWatch.BacklogSample(lastSeconds, lastPending);
        if (!out.isEmpty() && !out.get(out.size() - 1).equals(last)) {
            out.add(last);
        }
        return List.copyOf(out);
    }
}
