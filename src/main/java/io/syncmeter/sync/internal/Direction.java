package io.syncmeter.sync.internal;

/**
 * One replication direction between two configured sites.
 *
 * @param source the site changes are read from
 * @param target the site they are written to
 */
public record Direction(String source, String target) {

    /** The configuration form, {@code source->target}. */
    @Override
    public String toString() {
        return source + SyncDirections.ARROW + target;
    }
}
