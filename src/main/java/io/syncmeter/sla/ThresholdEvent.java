package io.syncmeter.sla;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Locale;

/**
 * A probe crossing a replication objective's threshold, like S3 Replication Time Control's
 * {@code OperationMissedThreshold} and {@code OperationReplicatedAfterThreshold}, for any S3 backend.
 * Published to the SLA events topic keyed by objective, and logged. JSON with {@link #schema()} =
 * {@value #SCHEMA}; absent fields are omitted.
 *
 * <p>A probe that misses the threshold gets {@link Type#MISSED_THRESHOLD} as soon as a listing sent
 * after the threshold does not show it, then exactly one of {@link Type#REPLICATED_AFTER_THRESHOLD}
 * (with its lag), {@link Type#MISSING} (never seen by the give-up time) or {@link Type#CORRUPT}. A
 * probe seen intact in time gets none.
 *
 * @param schema the event schema version
 * @param type what happened
 * @param objective the objective's name
 * @param sourceSite where the probe was written
 * @param targetSite where it is awaited
 * @param probeKey the probe's object key
 * @param writtenAt when its PUT was acknowledged
 * @param thresholdSeconds the objective's threshold
 * @param thresholdAt when the threshold was crossed ({@code writtenAt} + threshold)
 * @param detectedAt when syncmeter knew
 * @param lagSeconds the lag, for {@link Type#REPLICATED_AFTER_THRESHOLD}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThresholdEvent(
        int schema,
        String type,
        String objective,
        String sourceSite,
        String targetSite,
        String probeKey,
        Instant writtenAt,
        double thresholdSeconds,
        Instant thresholdAt,
        Instant detectedAt,
        Double lagSeconds) {

    /** The current schema version. */
    public static final int SCHEMA = 1;

    /** What happened to the probe. */
    public enum Type {
        /** Still not seen intact at the target when the threshold passed. */
        MISSED_THRESHOLD,
        /** Seen intact at the target, after the threshold; carries the lag. */
        REPLICATED_AFTER_THRESHOLD,
        /** Never seen by the give-up time. */
        MISSING,
        /** Seen with different content. */
        CORRUPT;

        /** The JSON and label form: lower case, words joined by '-'. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
