package io.syncmeter.sync.internal;

import java.util.List;

/**
 * What one engine instance announces every heartbeat interval on the heartbeat topic: who it is,
 * which consumer group (deployment) it syncs in, since when, and what it writes. JSON, with {@link
 * #schema()} = {@value #SCHEMA}; readers set aside other versions.
 *
 * @param schema the event schema version
 * @param writer this instance's id (random per start)
 * @param group the change consumer's group id: instances of one group share the shards
 * @param startedAt when this instance started, epoch ms
 * @param sentAt when this heartbeat was sent, epoch ms
 * @param shards shards (partitions of the change topic) this instance owns now
 * @param directions the directions it replicates, with the places they read and write
 */
public record Heartbeat(
        int schema, String writer, String group, long startedAt, long sentAt, int shards, List<Target> directions) {

    /** The current schema version. */
    public static final int SCHEMA = 1;

    /**
     * One direction as this instance names it, and the places it reads and writes ({@code
     * endpoint/bucket}): two deployments may name the same places differently.
     */
    public record Target(String source, String target, String from, String to) {}
}
