package io.syncmeter.sla.internal;

import io.syncmeter.sla.Offender;
import java.time.Instant;
import java.util.List;

/**
 * One instance's counts of one objective series in one clock hour, as kept on the compacted state
 * topic under {@link #key()}: the newest record of a key is the whole truth for it, so compaction
 * keeps exactly what is needed. JSON with {@link #schema()} = {@value #SCHEMA}.
 *
 * @param schema the record schema version
 * @param objective the objective's name
 * @param sourceSite the direction's source, or the site
 * @param targetSite the direction's target, empty for a site
 * @param hour the start of the clock hour (UTC)
 * @param instance the syncmeter instance that counted (a new id per process start)
 * @param good good events per minute of the hour
 * @param total all events per minute of the hour
 * @param offenders the hour's worst offenders at this instance
 * @param updatedAt when it was written
 */
public record StateRecord(
        int schema,
        String objective,
        String sourceSite,
        String targetSite,
        Instant hour,
        String instance,
        long[] good,
        long[] total,
        List<Offender> offenders,
        Instant updatedAt) {

    /** The current schema version. */
    public static final int SCHEMA = 1;

    /** The record key: one per objective, series, hour and instance. */
    public String key() {
        return key(objective, sourceSite, targetSite, hour, instance);
    }

    static String key(String objective, String source, String target, Instant hour, String instance) {
        return objective + "|" + source + "|" + target + "|" + hour + "|" + instance;
    }
}
