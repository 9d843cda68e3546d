package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.changes.ChangeRecords;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a writer of the change topic renders is what the sync engine reads back, key and times intact. */
class ChangeRecordsRoundTripTest {

    private static final Instant T = Instant.parse("2026-12-01T10:15:30.123Z");

    private final ChangeEvents events = new ChangeEvents(Map.of("dc1", "bucket-a", "dc2", "bucket-b"));

    @Test
    void shouldReadBackAWriteWithItsKeyEtagAndTime() {
        String key = "dir/a b+c%é/ü.txt";
        String json = ChangeRecords.event(
                "syncmeter:test", "dc1", ChangeRecords.CREATED, "bucket-a", key, 12L, "\"abc\"", T, "0001");
        ChangeEvents.Parsed parsed = events.parse(json, "dc1");
        assertThat(parsed.rejection()).isEmpty();
        assertThat(parsed.changes())
                .containsExactly(new ObjectChange("dc1", "bucket-a", key, ObjectChange.Kind.CREATED, "abc", T));
    }

    @Test
    void shouldReadBackARemovalWithItsTime() {
        String json = ChangeRecords.event(
                "syncmeter:test", "dc2", ChangeRecords.REMOVED, "bucket-b", "k", null, null, T, null);
        assertThat(events.parse(json, "dc2").changes())
                .containsExactly(new ObjectChange("dc2", "bucket-b", "k", ObjectChange.Kind.REMOVED, null, T));
    }

    @Test
    void shouldReadBackAChangeWithoutHints() {
        // a recheck knows neither ETag nor (for a merged change) always a time: the engine reads the states
        String json = ChangeRecords.event(
                "syncmeter:sync", "dc1", ChangeRecords.CREATED, "bucket-a", "k", null, null, null, null);
        ChangeEvents.Parsed parsed = events.parse(json, null);
        assertThat(parsed.rejection()).isEmpty();
        assertThat(parsed.changes())
                .containsExactly(new ObjectChange("dc1", "bucket-a", "k", ObjectChange.Kind.CREATED));
    }
}
