package io.syncmeter.bench.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.syncmeter.bench.RunStatus;
import java.time.Instant;
import java.util.Map;

/**
 * One record of the benchmark runs' topic ({@code syncmeter.bench.topic}), as JSON: what a run tells
 * whoever follows it elsewhere (its progress, its result), and what the parties of a joint run meet
 * by. Keyed by the joint run's name, or by the run's id when it has none, so that one run's (or one
 * joint run's) records are on one partition in the order they were written.
 *
 * @param schema the record's schema version, {@value #SCHEMA}
 * @param type {@link #READY}, {@link #PROGRESS}, {@link #RESULT} or {@link #LEFT}
 * @param run the run's id
 * @param join the joint run's name; null for a run of its own
 * @param party the party's name within the joint run; null for a run of its own
 * @param parties how many parties the joint run has (0 for a run of its own)
 * @param profile the profile's name
 * @param at when it was written, by the writer's clock
 * @param status the run as it stands ({@link #PROGRESS}, {@link #RESULT})
 * @param result its {@code result.json} ({@link #RESULT})
 * @param csv its CSVs by file name ({@link #RESULT}), absent when larger than {@link #MAX_CSV_CHARS}
 * @param reason why the party left ({@link #LEFT})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunEvent(
        int schema,
        String type,
        String run,
        String join,
        String party,
        int parties,
        String profile,
        Instant at,
        RunStatus status,
        JsonNode result,
        Map<String, String> csv,
        String reason) {

    /** The schema version this code writes. */
    public static final int SCHEMA = 1;

    /** A party is at the start barrier of its joint run. */
    public static final String READY = "ready";

    /** A run's status, every sampling interval while it runs. */
    public static final String PROGRESS = "progress";

    /** A run ended: its status and its result. */
    public static final String RESULT = "result";

    /** A party of a joint run will send no result: it failed or was cancelled before its load. */
    public static final String LEFT = "left";

    /** The most characters of CSV a result record carries, to stay within the broker's 1 MB. */
    public static final int MAX_CSV_CHARS = 600_000;

    /** The key of a run's records. */
    public String key() {
        return join != null ? join : run;
    }
}
