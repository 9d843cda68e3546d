package io.syncmeter.bench.internal;

import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * One direction's rate sweep: each step's figures and whether replication kept up with it, and the
 * knee, the highest rate it kept up with before the first step it did not.
 *
 * <p>A step <b>keeps up</b> when all of these hold (the first that fails is its {@code reason}):
 *
 * <ul>
 *   <li>the writer made at least 90 % of the step's rate (otherwise the writer's site, not
 *       replication, was the limit, and the step says so);
 *   <li>at least 99 % of its writes were seen intact at the target (by the end of the drain);
 *   <li>the p99 of its writes' lag, counting the never-seen ones as endless, is under {@code max-lag};
 *   <li>its backlog does not grow: over the step's second half (its first half lets the backlog
 *       settle at the new rate) the backlog rose by no more than one second's writes at its rate
 *       (and 10 objects), which a listing round's jitter explains.
 * </ul>
 *
 * A write belongs to the step its PUT was acknowledged in.
 *
 * @param maxLagSeconds the profile's {@code max-lag}
 * @param stepSeconds each step's length
 * @param steps every step, in the order swept
 * @param kneeRate the rate of the last step kept up with before the first one that was not; null when
 *     the first step was not
 * @param kneeAtLeast true when every step kept up: the knee is at or above the highest rate swept
 * @param firstMissedRate the rate of the first step not kept up with; null when every one was
 */
public record SweepResult(
        double maxLagSeconds,
        double stepSeconds,
        List<Step> steps,
        Double kneeRate,
        boolean kneeAtLeast,
        Double firstMissedRate) {

    /** The share of a step's target rate its writer must make for the step to measure replication. */
    static final double MIN_WRITE_SHARE = 0.9;

    public SweepResult {
        steps = List.copyOf(steps);
    }

    /**
     * One step.
     *
     * @param rate the target write rate, per second at the writer
     * @param writeRate the writes acknowledged in the step per second
     * @param written objects written in the step
     * @param replicated of them, seen intact at the target
     * @param missing of them, never seen intact by the end of the drain
     * @param lag the lag of its replicated writes
     * @param p99Seconds its p99 lag counting the missing as endless; -1 when more than 1 % are missing
     * @param backlogAtStart objects pending at the step's start (any step's)
     * @param backlogAtMiddle at its middle
     * @param backlogAtEnd at its end
     * @param keptUp whether replication kept up with it
     * @param reason why it did not; null when it did
     */
    public record Step(
            double rate,
            double writeRate,
            long written,
            long replicated,
            long missing,
            RunResult.Percentiles lag,
            double p99Seconds,
            long backlogAtStart,
            long backlogAtMiddle,
            long backlogAtEnd,
            boolean keptUp,
            String reason) {}

    /**
     * Judges one step by the rules above.
     *
     * @param lag the lag in nanoseconds of the step's replicated writes
     */
    static Step judge(
            double rate,
            double stepSeconds,
            long written,
            Histogram lag,
            long missing,
            long backlogAtStart,
            long backlogAtMiddle,
            long backlogAtEnd,
            double maxLagSeconds) {
        long replicated = lag.getTotalCount();
        double writeRate = written / stepSeconds;
        // the rank of the p99 among all the step's writes; the missing rank above every lag
        long rank = (long) Math.ceil(0.99 * written);
        double p99 = written == 0 || rank > replicated
                ? -1
                : lag.getValueAtPercentile(Math.min(100, 100.0 * rank / replicated)) / 1e9;
        long allowedGrowth = Math.max(10, (long) Math.ceil(rate));
        String reason = null;
        if (writeRate < MIN_WRITE_SHARE * rate) {
            reason = "the writer made " + number(writeRate) + " writes/s of " + number(rate)
                    + ": its site, not replication, was the limit";
        } else if (p99 < 0) {
            reason = missing + " of " + written + " writes never seen intact at the target (over 1 %)";
        } else if (p99 >= maxLagSeconds) {
            reason = "p99 lag " + number(p99) + " s, not under max-lag " + number(maxLagSeconds) + " s";
        } else if (backlogAtEnd - backlogAtMiddle > allowedGrowth) {
            reason =
                    "the backlog grew from " + backlogAtMiddle + " to " + backlogAtEnd + " over the step's second half";
        }
        return new Step(
                rate,
                writeRate,
                written,
                replicated,
                missing,
                RunResult.Percentiles.of(lag),
                p99,
                backlogAtStart,
                backlogAtMiddle,
                backlogAtEnd,
                reason == null,
                reason);
    }

    /** The sweep of these steps: its knee is the last step kept up with before the first that was not. */
    static SweepResult of(double maxLagSeconds, double stepSeconds, List<Step> steps) {
        Double knee = null;
        Double missed = null;
        for (Step s : steps) {
            if (!s.keptUp()) {
                missed = s.rate();
                break;
            }
            knee = s.rate();
        }
        return new SweepResult(maxLagSeconds, stepSeconds, steps, knee, missed == null && knee != null, missed);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12
                ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}
