package io.syncmeter.sync.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves and validates the configured sync directions and key prefixes against the configured
 * sites. Pure logic: no I/O, no state.
 */
public final class SyncDirections {

    /** Separator of source and target in a configured direction. */
    public static final String ARROW = "->";

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
        if (configured.isEmpty()) {
            List<Direction> all = new ArrayList<>();
            for (String source : sites) {
                for (String target : sites) {
                    if (!source.equals(target)) {
                        all.add(new Direction(source, target));
                    }
                }
            }
            return List.copyOf(all);
        }
        List<String> problems = new ArrayList<>();
        Set<Direction> directions = new LinkedHashSet<>();
        for (String entry : configured.get()) {
            String[] parts = entry.split(ARROW, -1);
            if (parts.length != 2
                    || parts[0].isBlank()
                    || parts[1].isBlank()
                    || parts[0].strip().equals(parts[1].strip())) {
                problems.add(DIRECTIONS_KEY + ": '" + entry
                        + "' is not of the form source->target with two different sites");
                continue;
            }
            Direction d = new Direction(parts[0].strip(), parts[1].strip());
            boolean known = true;
            for (String site : List.of(d.source(), d.target())) {
                if (!sites.contains(site)) {
                    problems.add(DIRECTIONS_KEY + ": '" + entry + "' names unknown site '" + site
                            + "' (configured sites: " + String.join(", ", sites) + ")");
                    known = false;
                }
            }
            if (known && !directions.add(d)) {
                problems.add(DIRECTIONS_KEY + ": '" + entry + "' is listed twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSyncConfigurationException(problems);
        }
        return List.copyOf(directions);
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
