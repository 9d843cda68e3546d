package io.syncmeter.sync.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;

/**
 * Parses one change record (S3 event-notification JSON, as AWS, Ceph RGW and MinIO emit it) into
 * {@link ObjectChange}s. Pure logic: no I/O, thread-safe.
 *
 * <p>The source site is the one named by the record header when present; otherwise the unique site
 * whose bucket is the event's bucket. Bucket and prefix filtering is not done here: the engine counts
 * those per direction.
 *
 * <p>An {@code eventTime} in seconds since the epoch, as Ceph RGW writes it where it has no time
 * ({@code "0.000000"}: the notification of a multipart completion in Quincy, of a PUT that raced
 * another, of a PUT it refused), is taken: zero as an unknown time, any other value as that instant.
 * Such a notification still names a key that may have changed, and the copy reads the key's state, so
 * refusing it would lose a change.
 */
public final class ChangeEvents {

    /** Reason: the value is not S3 event-notification JSON. */
    public static final String MALFORMED_JSON = "malformed-json";

    /** Reason: valid JSON but not a usable event (no records, no bucket, no key, no event name). */
    public static final String INVALID_EVENT = "invalid-event";

    /** Reason: the source site cannot be determined or is not configured. */
    public static final String UNKNOWN_SITE = "unknown-site";

    /** Why a record (or part of it) cannot be used. */
    public record Rejection(String reason, String detail) {}

    /**
     * What a record yields: the usable changes and, if some or all of it was unusable, the first reason.
     * A record with several event records may yield both.
     *
     * @param records the event records the changes came from: one per change, in the same order
     */
    public record Parsed(
            List<ObjectChange> changes, Optional<Rejection> rejection, List<S3EventNotificationRecord> records) {
        static Parsed rejected(String reason, String detail) {
            return new Parsed(List.of(), Optional.of(new Rejection(reason, detail)), List.of());
        }
    }

    // RGW's ceph::real_time as seconds and microseconds, e.g. 0.000000 or 1733230800.123456
    private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> bucketsBySite;

    /** @param bucketsBySite every configured site's bucket, by site name */
    public ChangeEvents(Map<String, String> bucketsBySite) {
        this.bucketsBySite = Map.copyOf(bucketsBySite);
    }

    /**
     * Parses one record value.
     *
     * @param value the record value, may be null
     * @param siteHeader the value of the {@code syncmeter-site} header, null when absent
     */
    public Parsed parse(String value, String siteHeader) {
        if (value == null || value.isBlank()) {
            return Parsed.rejected(MALFORMED_JSON, "empty value");
        }
        S3EventNotification notification;
        try {
            notification = read(value);
        } catch (RuntimeException e) {
            return Parsed.rejected(MALFORMED_JSON, String.valueOf(e.getMessage()));
        }
        List<S3EventNotificationRecord> records = notification == null ? null : notification.getRecords();
        if (records == null || records.isEmpty()) {
            return Parsed.rejected(INVALID_EVENT, "no Records");
        }
        String headerSite = siteHeader == null || siteHeader.isBlank() ? null : siteHeader.strip();
        if (headerSite != null && !bucketsBySite.containsKey(headerSite)) {
            return Parsed.rejected(UNKNOWN_SITE, "header syncmeter-site names unknown site '" + headerSite + "'");
        }
        List<ObjectChange> changes = new ArrayList<>();
        List<S3EventNotificationRecord> used = new ArrayList<>();
        Rejection first = null;
        for (int i = 0; i < records.size(); i++) {
            Rejection rej = addChange(records.get(i), headerSite, changes);
            if (rej == null) {
                used.add(records.get(i));
            } else if (first == null) {
                first = new Rejection(rej.reason(), "Records[" + i + "]: " + rej.detail());
            }
        }
        return new Parsed(List.copyOf(changes), Optional.ofNullable(first), List.copyOf(used));
    }

    /**
     * Reads S3 event-notification JSON as the SDK does, and where the SDK refuses it, once more with
     * every record's {@code eventTime} in seconds since the epoch (RGW's form) written as an ISO-8601
     * instant, or left out when it is zero.
     *
     * @throws RuntimeException the SDK's, when the value is not usable notification JSON either way
     */
    public static S3EventNotification read(String value) {
        try {
            return S3EventNotification.fromJson(value);
        } catch (RuntimeException strict) {
            // only a refused value pays for the second parse: the usual record takes the SDK's path alone
            String isoTimes = withIsoEventTimes(value);
            if (isoTimes == null) {
                throw strict;
            }
            return S3EventNotification.fromJson(isoTimes);
        }
    }

    // the value with every record's eventTime in epoch seconds rewritten; null when none is
    private static String withIsoEventTimes(String value) {
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            return null;
        }
        JsonNode records = root == null ? null : root.get("Records");
        if (records == null || !records.isArray()) {
            return null;
        }
        boolean changed = false;
        for (JsonNode record : records) {
            JsonNode time = record.get("eventTime");
            String text = time == null || !(time.isTextual() || time.isNumber())
                    ? null
                    : time.asText().strip();
            if (!(record instanceof ObjectNode node)
                    || text == null
                    || !EPOCH_SECONDS.matcher(text).matches()) {
                continue;
            }
            BigDecimal seconds = new BigDecimal(text);
            if (seconds.signum() == 0) {
                node.remove("eventTime");
            } else {
                long whole = seconds.longValue();
                long nanos = seconds.subtract(BigDecimal.valueOf(whole))
                        .movePointRight(9)
                        .longValue();
                node.put("eventTime", Instant.ofEpochSecond(whole, nanos).toString());
            }
            changed = true;
        }
        return changed ? root.toString() : null;
    }

    // adds the record's change to out, or says why it has none
    private Rejection addChange(S3EventNotificationRecord r, String headerSite, List<ObjectChange> out) {
        if (r == null) {
            return new Rejection(INVALID_EVENT, "null record");
        }
        String eventName = r.getEventName();
        if (eventName == null || eventName.isBlank()) {
            return new Rejection(INVALID_EVENT, "no eventName");
        }
        if (r.getS3() == null
                || r.getS3().getBucket() == null
                || isBlank(r.getS3().getBucket().getName())) {
            return new Rejection(INVALID_EVENT, "no s3.bucket.name");
        }
        if (r.getS3().getObject() == null || isBlank(r.getS3().getObject().getKey())) {
            return new Rejection(INVALID_EVENT, "no s3.object.key");
        }
        String bucket = r.getS3().getBucket().getName();
        String key;
        try {
            key = r.getS3().getObject().getUrlDecodedKey();
        } catch (RuntimeException e) {
            return new Rejection(INVALID_EVENT, "s3.object.key is not URL-encoded: " + e.getMessage());
        }
        String site = headerSite;
        if (site == null) {
            List<String> matching = bucketsBySite.entrySet().stream()
                    .filter(e -> e.getValue().equals(bucket))
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
            if (matching.size() != 1) {
                return new Rejection(
                        UNKNOWN_SITE,
                        "no syncmeter-site header and "
                                + (matching.isEmpty() ? "no site has" : "sites " + matching + " all have")
                                + " bucket '" + bucket + "'");
            }
            site = matching.get(0);
        }
        ObjectChange.Kind kind = kind(eventName);
        // a removal's ETag (if any) is not the state to look for
        String etag = kind == ObjectChange.Kind.CREATED
                ? blankToNull(r.getS3().getObject().getETag())
                : null;
        out.add(new ObjectChange(
                site, bucket, key, kind, etag == null ? null : etag.replace("\"", ""), r.getEventTime()));
        return null;
    }

    private static ObjectChange.Kind kind(String eventName) {
        String name = eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
        // RGW also emits ObjectRemoved:DeleteMarkerCreated; lifecycle expirations are removals too
        return name.startsWith("ObjectRemoved") || name.startsWith("LifecycleExpiration")
                ? ObjectChange.Kind.REMOVED
                : ObjectChange.Kind.CREATED;
    }

    private static String blankToNull(String s) {
        return isBlank(s) ? null : s.strip();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
