package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.sync.internal.ChangeEvents.Parsed;
import java.time.Instant;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class ChangeEventsTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private final ChangeEvents events = new ChangeEvents(Map.of("dc1", "bucket-a", "dc2", "bucket-b"));

    private static String notification(String eventName, String bucket, String key) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                 "eventTime":"2024-01-01T00:00:00.000Z","eventName":"%s",
                 "s3":{"s3SchemaVersion":"1.0","configurationId":"c",
                       "bucket":{"name":"%s","arn":"arn:aws:s3:::%s"},
                       "object":{"key":"%s","size":3,"eTag":"abc","sequencer":"01"}}}]}
                """.formatted(eventName, bucket, bucket, key);
    }

    @Test
    void shouldTakeSourceSiteFromHeaderAndDecodeKey() {
        Parsed parsed = events.parse(notification("ObjectCreated:Put", "bucket-a", "dir/a+b%2Bc%C3%A9.txt"), "dc1");

        assertThat(parsed.rejection()).isEmpty();
        assertThat(parsed.changes())
                .containsExactly(
                        new ObjectChange("dc1", "bucket-a", "dir/a b+cé.txt", ObjectChange.Kind.CREATED, "abc", T0));
    }

    @Test
    void shouldKeepBucketOfEventEvenWhenItIsNotTheSitesBucket() {
        // filtering is the engine's job: it counts it per direction
        Parsed parsed = events.parse(notification("ObjectCreated:Put", "elsewhere", "k"), "dc2");

        assertThat(parsed.changes())
                .containsExactly(new ObjectChange("dc2", "elsewhere", "k", ObjectChange.Kind.CREATED, "abc", T0));
    }

    @Test
    void shouldFindSourceSiteByBucketWithoutHeader() {
        Parsed parsed = events.parse(notification("s3:ObjectRemoved:Delete", "bucket-b", "k"), null);

        assertThat(parsed.changes())
                .containsExactly(new ObjectChange("dc2", "bucket-b", "k", ObjectChange.Kind.REMOVED, null, T0));
    }

    @Test
    void shouldClassifyRemovalsAndTreatOtherEventsAsWrites() {
        assertThat(events.parse(notification("ObjectRemoved:DeleteMarkerCreated", "bucket-a", "k"), "dc1")
                        .changes())
                .extracting(ObjectChange::kind)
                .containsExactly(ObjectChange.Kind.REMOVED);
        assertThat(events.parse(notification("LifecycleExpiration:Delete", "bucket-a", "k"), "dc1")
                        .changes())
                .extracting(ObjectChange::kind)
                .containsExactly(ObjectChange.Kind.REMOVED);
        assertThat(events.parse(notification("ObjectCreated:CompleteMultipartUpload", "bucket-a", "k"), "dc1")
                        .changes())
                .extracting(ObjectChange::kind)
                .containsExactly(ObjectChange.Kind.CREATED);
    }

    @Test
    void shouldRejectUnknownBucketWithoutHeader() {
        assertRejected(events.parse(notification("ObjectCreated:Put", "nobody", "k"), null), "unknown-site");
    }

    @Test
    void shouldRejectAmbiguousBucketWithoutHeader() {
        ChangeEvents sameBucket = new ChangeEvents(Map.of("dc1", "shared", "dc2", "shared"));

        Parsed parsed = sameBucket.parse(notification("ObjectCreated:Put", "shared", "k"), null);

        assertRejected(parsed, "unknown-site");
        assertThat(parsed.rejection().get().detail()).contains("dc1", "dc2");
    }

    @Test
    void shouldRejectUnknownSiteInHeader() {
        assertRejected(events.parse(notification("ObjectCreated:Put", "bucket-a", "k"), "dc9"), "unknown-site");
    }

    private static String withEventTime(String notification, String eventTime) {
        return notification.replace("\"2024-01-01T00:00:00.000Z\"", eventTime);
    }

    @Test
    void shouldTakeRgwsZeroEventTimeAsUnknownAndKeepTheChange() {
        // RGW writes this where it has no time: a multipart completion (Quincy), a PUT that raced
        // another, a PUT it refused; the key may still have changed
        String zero =
                withEventTime(notification("ObjectCreated:CompleteMultipartUpload", "bucket-a", "k"), "\"0.000000\"");

        Parsed parsed = events.parse(zero, "dc1");

        assertThat(parsed.rejection()).isEmpty();
        assertThat(parsed.changes())
                .containsExactly(new ObjectChange("dc1", "bucket-a", "k", ObjectChange.Kind.CREATED, "abc", null));
        assertThat(events.parse(withEventTime(notification("ObjectRemoved:Delete", "bucket-a", "k"), "0"), "dc1")
                        .changes())
                .extracting(ObjectChange::eventTime, ObjectChange::kind)
                .containsExactly(Tuple.tuple(null, ObjectChange.Kind.REMOVED));
    }

    @Test
    void shouldTakeAnEventTimeInEpochSecondsAsThatInstant() {
        String seconds = withEventTime(notification("ObjectCreated:Put", "bucket-a", "k"), "\"1704067200.123456\"");

        assertThat(events.parse(seconds, "dc1").changes())
                .extracting(ObjectChange::eventTime)
                .containsExactly(Instant.parse("2024-01-01T00:00:00.123456Z"));
        assertThat(events.parse(withEventTime(notification("ObjectCreated:Put", "bucket-a", "k"), "1704067200"), "dc1")
                        .changes())
                .extracting(ObjectChange::eventTime)
                .containsExactly(T0);
    }

    @Test
    void shouldStillRejectAnEventTimeThatIsNeitherAnInstantNorSeconds() {
        for (String time : new String[] {"\"yesterday\"", "\"-5\"", "\"1e9\"", "{}", "true"}) {
            assertRejected(
                    events.parse(withEventTime(notification("ObjectCreated:Put", "bucket-a", "k"), time), "dc1"),
                    "malformed-json");
        }
    }

    @Test
    void shouldRejectMalformedJson() {
        assertRejected(events.parse("not json {", "dc1"), "malformed-json");
        assertRejected(events.parse("", "dc1"), "malformed-json");
        assertRejected(events.parse(null, "dc1"), "malformed-json");
    }

    @Test
    void shouldRejectEventsWithoutRecordsBucketOrKey() {
        assertRejected(events.parse("{}", "dc1"), "invalid-event");
        assertRejected(events.parse("{\"Records\":[]}", "dc1"), "invalid-event");
        assertRejected(events.parse(notification("ObjectCreated:Put", "", "k"), "dc1"), "invalid-event");
        assertRejected(events.parse(notification("ObjectCreated:Put", "bucket-a", ""), "dc1"), "invalid-event");
        assertRejected(events.parse(notification("", "bucket-a", "k"), "dc1"), "invalid-event");
    }

    @Test
    void shouldKeepValidRecordsBesideAnInvalidOne() {
        String good = notification("ObjectCreated:Put", "bucket-a", "good");
        String bad = notification("ObjectCreated:Put", "bucket-a", "");
        String both = "{\"Records\":[" + inner(bad) + "," + inner(good) + "]}";

        Parsed parsed = events.parse(both, "dc1");

        assertThat(parsed.changes()).extracting(ObjectChange::key).containsExactly("good");
        assertThat(parsed.records())
                .as("the record each change came from")
                .extracting(r -> r.getS3().getObject().getKey())
                .containsExactly("good");
        assertThat(parsed.rejection()).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo("invalid-event");
            assertThat(r.detail()).startsWith("Records[0]");
        });
    }

    private static String inner(String notification) {
        String s = notification.strip();
        return s.substring("{\"Records\":[".length(), s.length() - 2);
    }

    private static void assertRejected(Parsed parsed, String reason) {
        assertThat(parsed.changes()).isEmpty();
        assertThat(parsed.rejection())
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(reason));
    }

    @Test
    void shouldCarryTheQuotedOrUnquotedEtagOfAWriteAsAHintAndNoneWhenAbsent() {
        String quoted = notification("ObjectCreated:Put", "bucket-a", "k").replace("\"abc\"", "\"\\\"abc\\\"\"");
        assertThat(events.parse(quoted, "dc1").changes())
                .extracting(ObjectChange::etag)
                .containsExactly("abc");
        String none = notification("ObjectCreated:Put", "bucket-a", "k").replace(",\"eTag\":\"abc\"", "");
        assertThat(events.parse(none, "dc1").changes())
                .extracting(ObjectChange::etag)
                .containsExactly((String) null);
    }

    @Test
    void shouldMergeTwoWaitingChangesIntoTheLaterKindAndTimeWithoutAnEtag() {
        ObjectChange put = new ObjectChange("dc1", "b", "k", ObjectChange.Kind.CREATED, "e1", T0.plusSeconds(5));
        ObjectChange delete = new ObjectChange("dc1", "b", "k", ObjectChange.Kind.REMOVED, null, T0.plusSeconds(9));
        ObjectChange stale = new ObjectChange("dc1", "b", "k", ObjectChange.Kind.CREATED, "e0", T0);

        assertThat(ObjectChange.merge(put, delete))
                .isEqualTo(new ObjectChange("dc1", "b", "k", ObjectChange.Kind.REMOVED, null, T0.plusSeconds(9)));
        // a late, older notification never moves the time back, and its ETag is not trusted
        assertThat(ObjectChange.merge(delete, stale))
                .isEqualTo(new ObjectChange("dc1", "b", "k", ObjectChange.Kind.CREATED, null, T0.plusSeconds(9)));
        assertThat(ObjectChange.merge(new ObjectChange("dc1", "b", "k", ObjectChange.Kind.CREATED), put)
                        .eventTime())
                .isEqualTo(T0.plusSeconds(5));
    }
}
