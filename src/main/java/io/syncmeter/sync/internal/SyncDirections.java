package io.syncmeter.sync.internal;

import io.syncmeter.site.SitePairs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Resolves and validates the configured sync directions and key prefixes against the configured
 * sites. Pure logic: no I/O, no state.
 */
public final class SyncDirections {

    /** Separator of source and target in a configured direction. */
    public static final String ARROW = SitePairs.ARROW;

    static final String DIRECTIONS_KEY = "syncmeter.sync.directions";
    static final String PREFIXES_KEY = "syncmeter.sync.prefixes";

    private SyncDirections() {}

    /**
     * The directions to replicate: the configured ones in their order, or every ordered pair of sites
     * (in site order) when none is configured.
     *
     * @throws InvalidSyncConfigurationException naming {@value #DIRECTIONS_KEY} for a malformed entry,
     *     an unknown site, a site paired with itself or a duplicate
     */
    public static List<Direction> resolve(Optional<List<String>> configured, Collection<String> sites) {
        List<String> problems = new ArrayList<>();
        List<Direction> directions = SitePairs.resolve(DIRECTIONS_KEY, configured, sites, problems).stream()
                .map(p -> new Direction(p.source(), p.target()))
                .toList();
        if (!problems.isEmpty()) {
            throw new InvalidSyncConfigurationException(problems);
        }
        return directions;
    }

    /**
     * The key filter of the configured prefixes.
     *
     * @throws InvalidSyncConfigurationException naming {@value #PREFIXES_KEY} for a blank prefix or an
     *     empty list
     */
    public static KeyFilter keyFilter(Optional<List<String>> prefixes) {
        if (prefixes.isEmpty()) {
            return KeyFilter.ALL;
        }
        List<String> problems = new ArrayList<>();
        if (prefixes.get().isEmpty()) {
            problems.add(PREFIXES_KEY + ": is set but empty; leave it unset to replicate every key");
        }
        for (String p : prefixes.get()) {
            if (p.isBlank()) {
                problems.add(PREFIXES_KEY + ": a prefix is blank; leave the key unset to replicate every key");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSyncConfigurationException(problems);
        }
        return new KeyFilter(prefixes.get());
    }
}
