package io.syncmeter.sla;

import java.time.Instant;
import java.util.Comparator;

/**
 * One of the worst events of a window, by probe key.
 *
 * @param probeKey the probe's object key
 * @param outcome {@code missing}, {@code corrupt}, {@code missed} (absent past the threshold, not yet
 *     resolved), {@code late} (seen after the threshold), {@code replicated} (seen in time); for write
 *     availability {@code failed} or {@code skipped}
 * @param lagSeconds the lag when it was seen, else null
 * @param writtenAt when its PUT was acknowledged (for write availability: its slot)
 * @param decidedAt when the event was decided
 */
public record Offender(String probeKey, String outcome, Double lagSeconds, Instant writtenAt, Instant decidedAt) {

    /** Worst first: never seen intact (missing, corrupt, missed, failed, skipped), then by lag, longest first. */
    public static final Comparator<Offender> WORST_FIRST = Comparator.comparingInt(Offender::rank)
            .thenComparing(Comparator.comparingDouble(Offender::lagOrInfinity).reversed())
            .thenComparing(Offender::probeKey);

    private int rank() {
        return switch (outcome) {
            case "missing", "corrupt", "failed", "skipped" -> 0;
            case "missed" -> 1;
            default -> 2;
        };
    }

    private double lagOrInfinity() {
        return lagSeconds == null ? Double.POSITIVE_INFINITY : lagSeconds;
    }

    /** Whether this says more than {@code other} about the same probe (a final outcome beats "missed"). */
    public boolean supersedes(Offender other) {
        return !"missed".equals(outcome) || "missed".equals(other.outcome);
    }
}
