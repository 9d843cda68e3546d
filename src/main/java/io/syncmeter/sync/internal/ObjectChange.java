package io.syncmeter.sync.internal;

import java.time.Instant;

/**
 * One object change read from an S3 event notification. The engine copies state, not events, so
 * nothing here decides what is written; the notification's ETag and time are hints that save
 * requests (a target that already holds the ETag needs no copy) and order a removal against a newer
 * write at the target.
 *
 * @param sourceSite the site the change happened at
 * @param bucket the bucket named by the event
 * @param key the object key, URL-decoded
 * @param kind what happened
 * @param etag the object's ETag after the change, unquoted; null when the notification has none (or
 *     for a merged change, see {@link #merge})
 * @param eventTime when the change happened at the source; null when unknown
 */
public record ObjectChange(String sourceSite, String bucket, String key, Kind kind, String etag, Instant eventTime) {

    /** What happened to the object. */
    public enum Kind {
        /** Written (PUT, copy, multipart completion, or any event that is not a removal). */
        CREATED,
        /** Removed (delete, delete marker, lifecycle expiration). */
        REMOVED
    }

    /** A change without hints: the engine reads every state it needs. */
    public ObjectChange(String sourceSite, String bucket, String key, Kind kind) {
        this(sourceSite, bucket, key, kind, null, null);
    }

    /** The same change without its ETag hint: the target is then compared with what the source holds. */
    public ObjectChange withoutEtag() {
        return new ObjectChange(sourceSite, bucket, key, kind, null, eventTime);
    }

    /**
     * Two changes of one key from one site that wait together: the later one's kind and time, no ETag.
     * The ETag is dropped because notifications of one key are not promised in order everywhere; a
     * stale ETag that the target holds would skip the newer state, while no ETag only costs a GET.
     */
    public static ObjectChange merge(ObjectChange earlier, ObjectChange later) {
        Instant time = later.eventTime == null
                ? earlier.eventTime
                : earlier.eventTime == null || later.eventTime.isAfter(earlier.eventTime)
                        ? later.eventTime
                        : earlier.eventTime;
        return new ObjectChange(later.sourceSite, later.bucket, later.key, later.kind, null, time);
    }
}
