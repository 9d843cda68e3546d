package io.syncmeter.sla.internal;

import io.syncmeter.sla.Offender;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One instance's good and total events of one series in one clock hour, per minute, with that hour's
 * worst offenders. Not thread-safe: its {@link SeriesState} guards it.
 */
final class HourCounts {

    static final int MINUTES = 60;

    private final long[] good;
    private final long[] total;
    private final List<Offender> offenders;
    private long goodSum;
    private long totalSum;

    HourCounts() {
        this(new long[MINUTES], new long[MINUTES], List.of());
    }

    HourCounts(long[] good, long[] total, List<Offender> offenders) {
        if (good.length != MINUTES || total.length != MINUTES) {
            throw new IllegalArgumentException("an hour has " + MINUTES + " minutes");
        }
        this.good = good.clone();
        this.total = total.clone();
        this.offenders = new ArrayList<>(offenders);
        goodSum = Arrays.stream(this.good).sum();
        totalSum = Arrays.stream(this.total).sum();
    }

    void count(int minute, boolean isGood) {
        total[minute]++;
        totalSum++;
        if (isGood) {
            good[minute]++;
            goodSum++;
        }
    }

    /** Keeps {@code o} if it is among the {@code k} worst (one entry per probe key). */
    void offer(Offender o, int k) {
        for (int i = 0; i < offenders.size(); i++) {
            Offender existing = offenders.get(i);
            if (existing.probeKey().equals(o.probeKey())) {
                if (o.supersedes(existing)) {
                    offenders.remove(i);
                    break;
                }
                return;
            }
        }
        if (offenders.size() >= k && Offender.WORST_FIRST.compare(o, offenders.get(offenders.size() - 1)) >= 0) {
            return;
        }
        offenders.add(o);
        offenders.sort(Offender.WORST_FIRST);
        while (offenders.size() > k) {
            offenders.remove(offenders.size() - 1);
        }
    }

    /** Adds the minutes {@code [from, to)} into {@code sums} as {good, total}. */
    void sum(int from, int to, long[] sums) {
        if (from <= 0 && to >= MINUTES) {
            sums[0] += goodSum;
            sums[1] += totalSum;
            return;
        }
        for (int m = Math.max(0, from); m < Math.min(MINUTES, to); m++) {
            sums[0] += good[m];
            sums[1] += total[m];
        }
    }

    long[] good() {
        return good.clone();
    }

    long[] total() {
        return total.clone();
    }

    List<Offender> offenders() {
        return List.copyOf(offenders);
    }
}
