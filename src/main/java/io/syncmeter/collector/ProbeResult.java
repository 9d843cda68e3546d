package io.syncmeter.collector;

import io.syncmeter.probe.ProbeWritten;
import java.time.Instant;

/**
 * What became of one probe at one target.
 *
 * @param probe the probe's event
 * @param targetSite where it was looked for
 * @param outcome the outcome
 * @param lag the lag interval when it was seen intact ({@link Outcome#REPLICATED} or {@link
 *     Outcome#LATE}); null otherwise
 * @param decidedAt when the collector decided
 * @param method how it was detected: {@code list}, {@code list+get} or {@code none}
 */
public record ProbeResult(
        ProbeWritten probe, String targetSite, Outcome outcome, LagEstimate lag, Instant decidedAt, String method) {

    /** The direction, {@code source->target}. */
    public String direction() {
        return probe.origin() + "->" + targetSite;
    }
}
