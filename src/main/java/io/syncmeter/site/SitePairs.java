package io.syncmeter.site;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Directions between sites as configured ({@code source->target}, comma-separated in a list key):
 * parsing and validation shared by every feature that takes directions. Pure logic.
 */
public final class SitePairs {

    /** Separator of source and target. */
    public static final String ARROW = "->";

    private SitePairs() {}

    /**
     * One direction.
     *
     * @param source the site objects are written to first
     * @param target the site they should reach
     */
    public record Pair(String source, String target) {
        @Override
        public String toString() {
            return source + ARROW + target;
        }
    }

    /** Every ordered pair of two different sites, in site order. */
    public static List<Pair> all(Collection<String> sites) {
        List<Pair> out = new ArrayList<>();
        for (String source : sites) {
            for (String target : sites) {
                if (!source.equals(target)) {
                    out.add(new Pair(source, target));
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * The configured directions in their order, or {@link #all} when none is configured. Each bad
     * entry (malformed, a site paired with itself, an unknown site, a duplicate) adds a problem
     * starting with {@code key} and is left out.
     */
    public static List<Pair> resolve(
            String key, Optional<List<String>> configured, Collection<String> sites, List<String> problems) {
        if (configured.isEmpty()) {
            return all(sites);
        }
        Set<Pair> out = new LinkedHashSet<>();
        for (String entry : configured.get()) {
            String[] parts = entry.split(ARROW, -1);
            if (parts.length != 2
                    || parts[0].isBlank()
                    || parts[1].isBlank()
                    || parts[0].strip().equals(parts[1].strip())) {
                problems.add(key + ": '" + entry + "' is not of the form source->target with two different sites");
                continue;
            }
            Pair pair = new Pair(parts[0].strip(), parts[1].strip());
            boolean known = true;
            for (String site : List.of(pair.source(), pair.target())) {
                if (!sites.contains(site)) {
                    problems.add(key + ": '" + entry + "' names unknown site '" + site + "' (configured sites: "
                            + String.join(", ", sites) + ")");
                    known = false;
                }
            }
            if (known && !out.add(pair)) {
                problems.add(key + ": '" + entry + "' is listed twice");
            }
        }
        return List.copyOf(out);
    }
}
