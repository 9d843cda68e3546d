package io.syncmeter.sync.internal;

import io.syncmeter.site.Site;
import io.syncmeter.site.SiteRegistry;
import io.syncmeter.sync.SyncConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@code syncmeter.sync.directions} and {@code syncmeter.sync.prefixes} resolve to against the
 * configured sites, in the one place they are resolved: the directions, the key filter and the parser
 * of change records every part of the sync feature (engine, full sync, writer watch, HTTP intake)
 * works with.
 *
 * <p>Lifecycle: resolved once, when the bean is first used (a bad value then fails with {@link
 * InvalidSyncConfigurationException} naming the key); immutable afterwards. Thread-safe.
 */
@ApplicationScoped
public class SyncPlan {

    private final SortedMap<String, String> buckets;
    private final ChangeEvents parser;
    private final List<Direction> directions;
    private final KeyFilter keys;
    private final Map<String, List<Direction>> bySource;
    private final Map<String, Set<String>> sourcesOf;

    @Inject
    public SyncPlan(SyncConfig config, SiteRegistry sites) {
        // sorted by name: SiteRegistry does not promise an order, and the default directions should be stable
        SortedMap<String, String> bucketsBySite = new TreeMap<>();
        for (Site s : sites.all()) {
            bucketsBySite.put(s.name(), s.bucket());
        }
        this.buckets = bucketsBySite;
        this.parser = new ChangeEvents(bucketsBySite);
        this.directions = SyncDirections.resolve(config.directions(), bucketsBySite.keySet());
        this.keys = SyncDirections.keyFilter(config.prefixes());
        Map<String, List<Direction>> from = new HashMap<>();
        Map<String, Set<String>> into = new HashMap<>();
        for (Direction d : directions) {
            from.computeIfAbsent(d.source(), s -> new ArrayList<>()).add(d);
            into.computeIfAbsent(d.target(), t -> new HashSet<>()).add(d.source());
        }
        from.replaceAll((s, l) -> List.copyOf(l));
        into.replaceAll((t, l) -> Set.copyOf(l));
        this.bySource = Map.copyOf(from);
        this.sourcesOf = Map.copyOf(into);
    }

    /** The directions to replicate, in configuration order (every ordered pair of sites by default). */
    public List<Direction> directions() {
        return directions;
    }

    /** The directions out of {@code site}, in configuration order; empty when none. */
    public List<Direction> from(String site) {
        return bySource.getOrDefault(site, List.of());
    }

    /** The sites some direction writes into {@code site} from; empty when none. */
    public Set<String> sourcesOf(String site) {
        return sourcesOf.getOrDefault(site, Set.of());
    }

    /** Whether some direction writes into {@code site}. */
    public boolean isTarget(String site) {
        return sourcesOf.containsKey(site);
    }

    /** Which keys are replicated ({@code syncmeter.sync.prefixes}). */
    public KeyFilter keys() {
        return keys;
    }

    /** The parser of change records, knowing every configured site's bucket. */
    public ChangeEvents parser() {
        return parser;
    }

    /** Whether {@code site} is a configured site. */
    public boolean hasSite(String site) {
        return buckets.containsKey(site);
    }

    /** The configured sites' names, sorted. */
    public List<String> siteNames() {
        return List.copyOf(buckets.keySet());
    }
}
