package io.syncmeter.collector;

import io.syncmeter.probe.ProbeWritten;
import java.time.Instant;
import java.util.Map;

/**
 * A probe resolved at every target this collector awaited it at.
 *
 * @param probe the probe's event
 * @param outcomes the outcome per target site
 * @param settledAt when the last target was resolved
 */
public record ProbeSettled(ProbeWritten probe, Map<String, Outcome> outcomes, Instant settledAt) {

    public ProbeSettled {
        outcomes = Map.copyOf(outcomes);
    }

    /** Whether it was seen intact ({@link Outcome#REPLICATED} or {@link Outcome#LATE}) at every target. */
    public boolean intactEverywhere() {
        return outcomes.values().stream().allMatch(o -> o == Outcome.REPLICATED || o == Outcome.LATE);
    }
}
