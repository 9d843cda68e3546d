package io.syncmeter.sync.internal;

/**
 * One object change read from an S3 event notification. The engine copies state, not events, so the
 * kind is informational (logs); it never decides what is written.
 *
 * @param sourceSite the site the change happened at
 * @param bucket the bucket named by the event
 * @param key the object key, URL-decoded
 * @param kind what happened
 */
public record ObjectChange(String sourceSite, String bucket, String key, Kind kind) {

    /** What happened to the object. */
    public enum Kind {
        /** Written (PUT, copy, multipart completion, or any event that is not a removal). */
        CREATED,
        /** Removed (delete, delete marker, lifecycle expiration). */
        REMOVED
    }
}
