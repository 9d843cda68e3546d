package io.syncmeter.rgw.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The data sync state of one zone from one source zone, computed the way {@code radosgw-admin sync
 * status} does: a shard is behind when the source's data log marker for it is beyond the marker the
 * zone has applied; the oldest change not applied is the first source log entry after the applied
 * marker on any behind shard. Pure; parses the admin API's JSON.
 *
 * @param numShards data log shards
 * @param shardsBehind shards whose applied marker is behind the source's
 * @param oldestChangeAge age of the oldest change not applied, empty when none is behind
 * @param state the sync state RGW reports ({@code sync}, {@code init}, {@code building-full-sync-maps})
 */
public record DataSyncState(int numShards, int shardsBehind, Optional<Duration> oldestChangeAge, String state) {

    /** Markers of the applied position per shard, from {@code /admin/log/?type=data&status&source-zone=ID}. */
    public static Map<Integer, String> appliedMarkers(JsonNode status) {
        Map<Integer, String> out = new TreeMap<>();
        for (JsonNode m : status.path("markers")) {
            out.put(m.path("key").asInt(), m.path("val").path("marker").asText(""));
        }
        return out;
    }

    /** The sync state reported by the status document. */
    public static String state(JsonNode status) {
        return status.path("info").path("status").asText("unknown");
    }

    /** The shard count reported by the status document. */
    public static int numShards(JsonNode status) {
        return status.path("info").path("num_shards").asInt(0);
    }

    /** The shards where the source's marker (from {@code ?type=data&id=N&info}) is beyond the applied one. */
    public static List<Integer> behind(Map<Integer, String> applied, Map<Integer, String> sourceMarkers) {
        List<Integer> out = new ArrayList<>();
        sourceMarkers.forEach((shard, source) -> {
            // markers are fixed-width and sort as strings, as radosgw-admin compares them
            if (!source.isEmpty() && source.compareTo(applied.getOrDefault(shard, "")) > 0) {
                out.add(shard);
            }
        });
        return out;
    }

    /** The timestamp of the first entry of a {@code ?type=data&id=N&marker=M&max-entries=1} listing. */
    public static Optional<Instant> firstEntryTime(JsonNode listing) {
        JsonNode entries = listing.path("entries");
        if (!entries.isArray() || entries.isEmpty()) {
            return Optional.empty();
        }
        return parseTime(entries.get(0).path("timestamp").asText(""));
    }

    /** RGW timestamps: ISO-8601, or {@code 0.000000} for none. */
    public static Optional<Instant> parseTime(String text) {
        if (text.isEmpty() || text.startsWith("0.0")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Assembles the state. */
    public static DataSyncState of(JsonNode status, int behind, Optional<Instant> oldestUnapplied, Instant now) {
        Optional<Duration> age = oldestUnapplied.map(t -> {
            Duration d = Duration.between(t, now);
            return d.isNegative() ? Duration.ZERO : d;
        });
        return new DataSyncState(numShards(status), behind, age, state(status));
    }
}
