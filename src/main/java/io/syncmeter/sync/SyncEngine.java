package io.syncmeter.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.rejected.RejectedEvents;
import io.syncmeter.site.Site;
import io.syncmeter.site.SiteRegistry;
import io.syncmeter.sync.internal.ChangeEvents;
import io.syncmeter.sync.internal.Direction;
import io.syncmeter.sync.internal.KeyFilter;
import io.syncmeter.sync.internal.ObjectChange;
import io.syncmeter.sync.internal.ObjectCopier;
import io.syncmeter.sync.internal.ObjectCopier.Outcome;
import io.syncmeter.sync.internal.SyncDirections;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The sync engine: consumes object changes (S3 event notifications on channel {@code changes-in},
 * topic {@code syncmeter.changes}, consumer group {@code syncmeter-sync}) and, for every configured
 * direction out of the change's site, brings the key at the target to the source's current state
 * ({@link ObjectCopier}). Kafka's group assignment makes one engine instance active per partition
 * (shard); records are keyed by object key, so all changes of a key are handled in order by one
 * instance.
 *
 * <p>Lifecycle: the configuration is resolved and validated once, in {@link PostConstruct}, forced at
 * {@link StartupEvent} so a bad {@code syncmeter.sync.*} value fails startup naming the key.
 * Immutable afterwards.
 *
 * <p>Threading: {@link #onChange} runs on a worker thread ({@link Blocking}, ordered), one record at a
 * time, so per-partition order is kept; the record is acknowledged (its offset committed) when the
 * method returns. It never throws for bad input or S3 errors: malformed records go to {@link
 * RejectedEvents}, S3 errors are counted as {@code failed} and logged. First cut: there is no retry
 * queue; a failed key is repaired by its next change or by a replay of the topic.
 *
 * <p>Disabled ({@code syncmeter.sync.enabled=false}): records are acknowledged and skipped without
 * touching any site. To not consume at all, also set {@code
 * mp.messaging.incoming.changes-in.enabled=false}.
 */
@ApplicationScoped
public class SyncEngine {

    /** The record header naming the site a change comes from. */
    public static final String SITE_HEADER = "syncmeter-site";

    private static final Logger LOG = Logger.getLogger(SyncEngine.class);

    private final SyncConfig config;
    private final SiteRegistry sites;
    private final RejectedEvents rejected;
    private final MeterRegistry registry;
    private final ObjectCopier copier = new ObjectCopier();

    private volatile Plan plan;

    /** What was resolved from configuration: immutable. */
    private record Plan(
            ChangeEvents parser,
            KeyFilter keys,
            Map<String, List<Direction>> bySource,
            Map<Direction, Map<Outcome, Counter>> objects,
            Map<Direction, Counter> bytes) {}

    @Inject
    public SyncEngine(SyncConfig config, SiteRegistry sites, RejectedEvents rejected, MeterRegistry registry) {
        this.config = config;
        this.sites = sites;
        this.rejected = rejected;
        this.registry = registry;
    }

    @PostConstruct
    void init() {
        // sorted by name: SiteRegistry does not promise an order, and the default directions should be stable
        Map<String, String> buckets = new TreeMap<>();
        sites.all().forEach(s -> buckets.put(s.name(), s.bucket()));
        List<Direction> directions = SyncDirections.resolve(config.directions(), buckets.keySet());
        KeyFilter keys = SyncDirections.keyFilter(config.prefixes());
        Map<String, List<Direction>> bySource = new HashMap<>();
        Map<Direction, Map<Outcome, Counter>> objects = new HashMap<>();
        Map<Direction, Counter> bytes = new HashMap<>();
        for (Direction d : directions) {
            bySource.computeIfAbsent(d.source(), s -> new ArrayList<>()).add(d);
            // registered up front so every series exists (at 0) before the first change
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                byOutcome.put(
                        o,
                        registry.counter(
                                MetricNames.SYNC_OBJECTS,
                                MetricNames.TAG_SOURCE_SITE,
                                d.source(),
                                MetricNames.TAG_TARGET_SITE,
                                d.target(),
                                MetricNames.TAG_OUTCOME,
                                o.label()));
            }
            objects.put(d, byOutcome);
            bytes.put(
                    d,
                    registry.counter(
                            MetricNames.SYNC_BYTES,
                            MetricNames.TAG_SOURCE_SITE,
                            d.source(),
                            MetricNames.TAG_TARGET_SITE,
                            d.target()));
        }
        bySource.replaceAll((s, l) -> List.copyOf(l));
        plan = new Plan(new ChangeEvents(buckets), keys, Map.copyOf(bySource), Map.copyOf(objects), Map.copyOf(bytes));
        LOG.infof(
                "Sync engine %s: directions %s, keys %s",
                config.enabled() ? "enabled" : "disabled (changes are skipped)",
                directions,
                keys.prefixes().isEmpty() ? "all" : keys.prefixes());
    }

    void onStart(@Observes StartupEvent event) {
        // touching the bean runs init(): bad configuration fails startup, not the first change
        plan();
    }

    /** The directions the engine replicates, in configuration order per source. */
    public List<Direction> directions() {
        return plan().bySource().values().stream().flatMap(List::stream).toList();
    }

    /** Handles one change record; never throws for bad input or S3 errors. */
    @Incoming("changes-in")
    @Blocking
    public void onChange(ConsumerRecord<String, String> record) {
        if (!config.enabled()) {
            return;
        }
        Plan p = plan();
        String siteHeader = header(record, SITE_HEADER);
        ChangeEvents.Parsed parsed = p.parser().parse(record.value(), siteHeader);
        parsed.rejection()
                .ifPresent(r -> rejected.reject(record.topic(), record.key(), record.value(), r.reason(), r.detail()));
        for (ObjectChange change : parsed.changes()) {
            apply(p, change);
        }
    }

    private void apply(Plan p, ObjectChange change) {
        List<Direction> directions = p.bySource().getOrDefault(change.sourceSite(), List.of());
        if (directions.isEmpty()) {
            return;
        }
        Site source = sites.require(change.sourceSite());
        // never act on another bucket or outside the prefixes: such a key is not ours to replicate
        boolean inScope = source.bucket().equals(change.bucket()) && p.keys().matches(change.key());
        for (Direction d : directions) {
            ObjectCopier.Result result;
            if (!inScope) {
                result = new ObjectCopier.Result(Outcome.FILTERED, 0);
            } else {
                result = syncOne(source, d, change.key());
            }
            p.objects().get(d).get(result.outcome()).increment();
            if (result.bytes() > 0) {
                p.bytes().get(d).increment(result.bytes());
            }
            LOG.debugf("%s %s %s/%s: %s", d, change.kind(), change.bucket(), change.key(), result.outcome());
        }
    }

    private ObjectCopier.Result syncOne(Site source, Direction d, String key) {
        try {
            return copier.sync(source, sites.require(d.target()), key);
        } catch (RuntimeException e) {
            // a bug must not stop the channel (its failure strategy would halt all replication)
            LOG.errorf(e, "Sync %s of %s failed unexpectedly", d, key);
            return new ObjectCopier.Result(Outcome.FAILED, 0);
        }
    }

    private Plan plan() {
        Plan p = plan;
        if (p == null) {
            throw new IllegalStateException("SyncEngine used before initialisation");
        }
        return p;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
