package io.syncmeter.collector;

import io.syncmeter.probe.ProbeWritten;
import java.time.Duration;
import java.time.Instant;

/**
 * A probe still absent at a target after a threshold: the listing sent at {@code lastAbsent}, more
 * than {@code threshold} after the probe's acknowledgement, did not show it.
 *
 * @param probe the probe's event
 * @param targetSite where it is awaited
 * @param threshold the threshold it crossed
 * @param lastAbsent when the listing that did not show it was sent
 * @param detectedAt when that listing came back
 */
public record ProbeOverdue(
        ProbeWritten probe, String targetSite, Duration threshold, Instant lastAbsent, Instant detectedAt) {

    /** When the threshold was crossed: the acknowledgement plus the threshold. */
    public Instant thresholdAt() {
        return probe.ackedAt().plus(threshold);
    }
}
