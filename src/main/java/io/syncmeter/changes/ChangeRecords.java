package io.syncmeter.changes;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.eventnotifications.s3.model.S3;
import software.amazon.awssdk.eventnotifications.s3.model.S3Bucket;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;
import software.amazon.awssdk.eventnotifications.s3.model.S3Object;
import software.amazon.awssdk.eventnotifications.s3.model.UserIdentity;

/**
 * The change topic's record format, for everything that writes to it: the value is S3
 * event-notification JSON (the format AWS, Ceph RGW and MinIO emit), the key is the object key, the
 * site the change happened at is named by the {@value #SITE_HEADER} header. Pure and thread-safe.
 */
public final class ChangeRecords {

    /** The record header naming the site a change comes from. */
    public static final String SITE_HEADER = "syncmeter-site";

    /**
     * The record header of a change the sync engine wrote itself, asking the shard's owner to sync the
     * key again from the source's current state (its value says why). Such a change is never taken for
     * the echo of the owner's own write.
     */
    public static final String RECHECK_HEADER = "syncmeter-recheck";

    /** The event name of a removal. */
    public static final String REMOVED = "ObjectRemoved:Delete";

    /** The event name of a write by PUT. */
    public static final String CREATED = "ObjectCreated:Put";

    private ChangeRecords() {}

    /**
     * One change as S3 event-notification JSON with one record.
     *
     * @param eventSource who saw the change (e.g. {@code syncmeter:embedded})
     * @param site the site it happened at (also given as the record's region)
     * @param eventName e.g. {@link #CREATED}, {@code ObjectCreated:Copy}, {@link #REMOVED}
     * @param size the object's size, null when unknown or for a removal
     * @param etag the object's ETag after the change (quotes are dropped), null when unknown
     * @param time when it happened
     * @param sequencer orders the changes of one key from one writer, null when there is none
     */
    public static String event(
            String eventSource,
            String site,
            String eventName,
            String bucket,
            String key,
            Long size,
            String etag,
            Instant time,
            String sequencer) {
        S3EventNotificationRecord record = new S3EventNotificationRecord();
        record.setEventVersion("2.1");
        record.setEventSource(eventSource);
        record.setAwsRegion(site);
        record.setEventTime(time);
        record.setEventName(eventName);
        record.setS3(new S3(
                "syncmeter",
                new S3Bucket(bucket, new UserIdentity("syncmeter"), "arn:aws:s3:::" + bucket),
                new S3Object(encode(key), size, etag == null ? null : etag.replace("\"", ""), null, sequencer),
                "1.0"));
        return new S3EventNotification(List.of(record)).toJson();
    }

    // S3 notifications carry the key URL-encoded (spaces as '+')
    private static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }
}
