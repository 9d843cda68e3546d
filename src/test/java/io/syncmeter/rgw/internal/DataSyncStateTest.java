package io.syncmeter.rgw.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Shards behind and the oldest unapplied change, from the RGW admin API's documents (Pacific's shapes). */
class DataSyncStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    // GET /admin/log/?type=data&status&source-zone=<id> on a dc2 gateway (three shards shown)
    private static final String STATUS = """
            {"info":{"status":"sync","num_shards":3,"instance_id":13771080610847844321},
             "markers":[
              {"key":0,"val":{"status":"incremental-sync","marker":"","next_step_marker":"","total_entries":0,"pos":0,"timestamp":"0.000000"}},
              {"key":1,"val":{"status":"incremental-sync","marker":"00000000000000000000:00000000000000000512","next_step_marker":"","total_entries":0,"pos":0,"timestamp":"2026-11-24T22:50:50.766245Z"}},
              {"key":2,"val":{"status":"incremental-sync","marker":"00000000000000000000:00000000000000000644","next_step_marker":"","total_entries":0,"pos":0,"timestamp":"2026-11-24T22:50:52.872611Z"}}]}
            """;

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void shouldReadTheAppliedMarkerOfEveryShard() throws Exception {
        Map<Integer, String> applied = DataSyncState.appliedMarkers(json(STATUS));

        assertThat(applied)
                .containsEntry(0, "")
                .containsEntry(1, "00000000000000000000:00000000000000000512")
                .hasSize(3);
        assertThat(DataSyncState.numShards(json(STATUS))).isEqualTo(3);
        assertThat(DataSyncState.state(json(STATUS))).isEqualTo("sync");
    }

    @Test
    void shouldCountAShardBehindOnlyWhenTheSourceMarkerIsBeyondTheAppliedOne() throws Exception {
        Map<Integer, String> applied = DataSyncState.appliedMarkers(json(STATUS));
        Map<Integer, String> source = Map.of(
                0, "", // nothing logged at the source: not behind
                1, "00000000000000000000:00000000000000000600", // beyond 512: behind
                2, "00000000000000000000:00000000000000000644"); // equal: caught up

        assertThat(DataSyncState.behind(applied, source)).containsExactly(1);
    }

    @Test
    void shouldTakeTheOldestChangeFromTheFirstEntryAfterTheAppliedMarker() throws Exception {
        JsonNode listing = json("""
                {"marker":"00000000000000000000:00000000000000000644","truncated":true,
                 "entries":[{"entity_type":"bucket","key":"b:x.4154.15:2","timestamp":"2026-11-24T22:50:49.947052Z"}]}
                """);
        Instant now = Instant.parse("2026-11-24T22:51:00.947052Z");

        Optional<Instant> first = DataSyncState.firstEntryTime(listing);
        DataSyncState state = DataSyncState.of(json(STATUS), 1, first, now);

        assertThat(first).contains(Instant.parse("2026-11-24T22:50:49.947052Z"));
        assertThat(state.shardsBehind()).isEqualTo(1);
        assertThat(state.oldestChangeAge()).contains(Duration.ofSeconds(11));
    }

    @Test
    void shouldReportNoAgeWhenNothingIsBehindOrTheListingIsEmpty() throws Exception {
        assertThat(DataSyncState.firstEntryTime(json("{\"marker\":\"\",\"truncated\":false,\"entries\":[]}")))
                .isEmpty();
        assertThat(DataSyncState.of(json(STATUS), 0, Optional.empty(), Instant.now())
                        .oldestChangeAge())
                .isEmpty();
        assertThat(DataSyncState.parseTime("0.000000")).isEmpty();
    }
}
