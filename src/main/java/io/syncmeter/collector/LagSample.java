package io.syncmeter.collector;

import java.time.Instant;

/**
 * One probe's result at one target, published to the lag-samples topic keyed by {@code
 * source->target}. JSON with {@link #schema()} = {@value #SCHEMA}. The lag is known within [{@link
 * #lagLowerSeconds()}, {@link #lagUpperSeconds()}]: the object was absent from the last listing sent
 * at the lower bound and present in the listing received at the upper bound; {@link #lagSeconds()} is
 * the middle, {@link #resolutionSeconds()} the width. Lag fields are null for missing and duplicate.
 *
 * @param schema the event schema version
 * @param probeKey the probe's object key
 * @param sourceSite where it was written
 * @param targetSite where it was looked for
 * @param outcome replicated, late, missing, corrupt or duplicate
 * @param ackedAt when the source acknowledged the PUT
 * @param seenAt when the probe was first seen at the target (null when not seen)
 * @param lagSeconds the lag estimate
 * @param lagLowerSeconds the lag's lower bound
 * @param lagUpperSeconds the lag's upper bound
 * @param resolutionSeconds upper minus lower bound
 * @param method how it was detected: {@code list} (listing, ETag matched), {@code list+get} (content
 * read back and compared), {@code none}
 */
public record LagSample(
        int schema,
        String probeKey,
        String sourceSite,
        String targetSite,
        String outcome,
        Instant ackedAt,
        Instant seenAt,
        Double lagSeconds,
        Double lagLowerSeconds,
        Double lagUpperSeconds,
        Double resolutionSeconds,
        String method) {

    /** The current schema version. */
    public static final int SCHEMA = 1;
}
