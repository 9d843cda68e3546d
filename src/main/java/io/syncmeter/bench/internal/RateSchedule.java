package io.syncmeter.bench.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When each slot of an open loop is due: at one rate for ever, or at a rate per step (a rate sweep:
 * the warm-up at the first step's rate, then each step for its duration). Slot {@code n} is due at
 * {@link #dueNanos}{@code (n)} after the loop's start; slots of a step are {@code 1 / rate} apart from
 * the step's start, so a step makes {@code ceil(duration × rate)} slots whatever the steps before it
 * made, and its rate holds exactly. Immutable, thread-safe.
 */
public final class RateSchedule {

    /** What {@link #dueNanos} answers for a slot after the last step: never due. */
    public static final long NEVER = Long.MAX_VALUE;

    // per segment: its start after the loop's, the gap between its slots, and the first slot after it
    private final long[] startNanos;
    private final long[] periodNanos;
    private final long[] endSlot;

    private RateSchedule(long[] startNanos, long[] periodNanos, long[] endSlot) {
        this.startNanos = startNanos;
        this.periodNanos = periodNanos;
        this.endSlot = endSlot;
    }

    /** Slots {@code 1 / rate} apart from the start, without end. */
    public static RateSchedule constant(double ratePerSecond) {
        return new RateSchedule(new long[] {0}, new long[] {period(ratePerSecond)}, new long[] {Long.MAX_VALUE});
    }

    /**
     * A warm-up at the first rate, then each rate for {@code stepDuration}; no slot after the last step.
     *
     * @param rates each step's rate, operations per second, at least one, each above 0
     */
    public static RateSchedule steps(Duration warmUp, List<Double> rates, Duration stepDuration) {
        if (rates.isEmpty()) {
            throw new IllegalArgumentException("a stepped schedule needs at least one rate");
        }
        if (stepDuration.isNegative() || stepDuration.isZero() || warmUp.isNegative()) {
            throw new IllegalArgumentException("steps of " + stepDuration + " after a warm-up of " + warmUp);
        }
        List<long[]> segments = new ArrayList<>();
        if (!warmUp.isZero()) {
            segments.add(new long[] {warmUp.toNanos(), period(rates.get(0))});
        }
        for (double r : rates) {
            segments.add(new long[] {stepDuration.toNanos(), period(r)});
        }
        int n = segments.size();
        long[] start = new long[n];
        long[] period = new long[n];
        long[] end = new long[n];
        long at = 0;
        long slots = 0;
        for (int i = 0; i < n; i++) {
            long length = segments.get(i)[0];
            start[i] = at;
            period[i] = segments.get(i)[1];
            // the slots whose due time falls inside the segment: 0, p, 2p, … below its length
            slots += (length + period[i] - 1) / period[i];
            end[i] = slots;
            at += length;
        }
        return new RateSchedule(start, period, end);
    }

    private static long period(double ratePerSecond) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("a rate must be above 0, was " + ratePerSecond);
        }
        return Math.max(1, Math.round(1e9 / ratePerSecond));
    }

    /** Nanoseconds after the loop's start slot {@code n} (from 0) is due, or {@link #NEVER}. */
    public long dueNanos(long n) {
        // the first segment whose end is after n
        int lo = 0;
        int hi = endSlot.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (endSlot[mid] <= n) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == endSlot.length) {
            return NEVER;
        }
        long first = lo == 0 ? 0 : endSlot[lo - 1];
        return startNanos[lo] + (n - first) * periodNanos[lo];
    }
}
