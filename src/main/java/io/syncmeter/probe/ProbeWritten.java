package io.syncmeter.probe;

import java.time.Instant;

/**
 * Published to the probe-written topic once a probe PUT is acknowledged; keyed by {@link #key()}.
 * JSON, with {@link #schema()} = {@value #SCHEMA}; consumers reject other versions.
 *
 * @param schema the event schema version
 * @param origin the site the probe was written to
 * @param bucket the bucket at the origin
 * @param key the object key (also the probe's id)
 * @param writerId the writer that wrote it
 * @param sequence the writer's sequence number
 * @param size the body size in bytes
 * @param etag the ETag the origin returned, without quotes
 * @param md5 the MD5 of the body, hex (the ETag a single-part copy has)
 * @param sha256 the SHA-256 of the body, base64
 * @param scheduledAt the open-loop slot the PUT belonged to
 * @param ackedAt when the origin acknowledged the PUT: lag is measured from here
 */
public record ProbeWritten(
        int schema,
        String origin,
        String bucket,
        String key,
        String writerId,
        long sequence,
        long size,
        String etag,
        String md5,
        String sha256,
        Instant scheduledAt,
        Instant ackedAt) {

    /** The current schema version. */
    public static final int SCHEMA = 1;
}
