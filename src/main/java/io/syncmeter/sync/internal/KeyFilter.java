package io.syncmeter.sync.internal;

import java.util.List;

/**
 * Which object keys the engine replicates.
 *
 * @param prefixes the key prefixes; empty means every key
 */
public record KeyFilter(List<String> prefixes) {

    /** Every key. */
    public static final KeyFilter ALL = new KeyFilter(List.of());

    public KeyFilter {
        prefixes = List.copyOf(prefixes);
    }

    /**
     * Whether the key is replicated. Never the objects of the engine's own checks ({@link
     * ConditionalWrites#CHECK_PREFIX}), whatever the prefixes.
     */
    public boolean matches(String key) {
        if (key.startsWith(ConditionalWrites.CHECK_PREFIX)) {
            return false;
        }
        return prefixes.isEmpty() || prefixes.stream().anyMatch(key::startsWith);
    }
}
