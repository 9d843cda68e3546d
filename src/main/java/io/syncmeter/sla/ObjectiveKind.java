package io.syncmeter.sla;

import java.util.Locale;

/** What an objective measures. */
public enum ObjectiveKind {
    /**
     * Replication within a threshold, per direction: a probe is a good event when it is seen intact at
     * the target no later than the threshold after its PUT was acknowledged; late, missing and corrupt
     * probes are bad events. Threshold events are published for it.
     */
    REPLICATION,
    /**
     * Freshness, per direction: the lag percentile {@code target} stays under the threshold over the
     * (short, rolling) period. Counted like {@link #REPLICATION}: "p99 lag under 60 s" holds exactly when
     * at least 99 % of the probes are good.
     */
    FRESHNESS,
    /** Probe write availability, per site: a probe PUT acknowledged is good; failed and skipped ones are bad. */
    WRITE_AVAILABILITY;

    /** The configuration and label form: lower case, words joined by '-'. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether objectives of this kind are evaluated per direction (else per site). */
    public boolean perDirection() {
        return this != WRITE_AVAILABILITY;
    }
}
