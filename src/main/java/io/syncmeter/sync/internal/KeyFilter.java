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

    /** Whether the key is replicated. */
    public boolean matches(String key) {
        return prefixes.isEmpty() || prefixes.stream().anyMatch(key::startsWith);
    }
}
