package io.syncmeter.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.syncmeter.metrics.LatencyBuckets;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.rejected.RejectedEvents;
import io.syncmeter.site.Site;
import io.syncmeter.site.SiteRegistry;
import io.syncmeter.sync.internal.ChangeEvents;
import io.syncmeter.sync.internal.Direction;
import io.syncmeter.sync.internal.InvalidSyncConfigurationException;
import io.syncmeter.sync.internal.KeyFilter;
import io.syncmeter.sync.internal.KeyLanes;
import io.syncmeter.sync.internal.ObjectChange;
import io.syncmeter.sync.internal.ObjectCopier;
import io.syncmeter.sync.internal.ObjectCopier.Outcome;
import io.syncmeter.sync.internal.OwnWrites;
import io.syncmeter.sync.internal.SyncDirections;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
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
 * <p>Threading: {@link #onChange} runs on the channel's thread and only parses and queues: each change
 * goes to its key's lane ({@code syncmeter.sync.concurrency} lanes, each one thread; one key always on
 * the same lane, so a key's changes apply in order while other keys run beside them; a change of a
 * key still waiting on its lane is merged into it, see {@link ObjectChange#merge}). A record is acknowledged once its changes are
 * applied; with the throttled commit strategy an offset is committed only when every earlier record
 * of its partition is acknowledged too (at-least-once; replays converge). At most {@code
 * syncmeter.sync.max-in-flight} records are unfinished: the consumer waits for room. It never fails
 * for bad input or S3 errors: malformed records go to {@link RejectedEvents}, S3 errors are counted
 * as {@code failed} and logged. There is no retry queue yet; a failed key is repaired by its next
 * change or by a replay of the topic.
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
    // an echo comes within seconds; five minutes covers a slow notification, 100,000 keys a burst, and
    // one second of skew the sites' clocks against ours
    private final OwnWrites ownWrites = new OwnWrites(Duration.ofMinutes(5), Duration.ofSeconds(1), 100_000);
    private final KeyLanes lanes;

    private volatile Plan plan;

    /** What was resolved from configuration: immutable. */
    private record Plan(
            ChangeEvents parser,
            KeyFilter keys,
            Map<String, List<Direction>> bySource,
            Map<String, Set<String>> sourcesOf,
            Map<Direction, Map<Outcome, Counter>> objects,
            Map<Direction, Counter> bytes,
            Map<Direction, Counter> requests,
            Map<Direction, Timer> durations) {}

    @Inject
    public SyncEngine(SyncConfig config, SiteRegistry sites, RejectedEvents rejected, MeterRegistry registry) {
        this.config = config;
        this.sites = sites;
        this.rejected = rejected;
        this.registry = registry;
        List<String> problems = new ArrayList<>();
        if (config.concurrency() < 1 || config.concurrency() > 256) {
            problems.add("syncmeter.sync.concurrency: must be from 1 to 256, was " + config.concurrency());
        }
        if (config.maxInFlight() < 1 || config.maxInFlight() > 100_000) {
            problems.add("syncmeter.sync.max-in-flight: must be from 1 to 100000, was " + config.maxInFlight());
        }
        if (!problems.isEmpty()) {
            throw new InvalidSyncConfigurationException(problems);
        }
        this.lanes = new KeyLanes(config.concurrency(), config.maxInFlight(), "sync-lane");
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
        Map<Direction, Counter> requests = new HashMap<>();
        Map<Direction, Timer> durations = new HashMap<>();
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
            requests.put(
                    d,
                    registry.counter(
                            MetricNames.SYNC_REQUESTS,
                            MetricNames.TAG_SOURCE_SITE,
                            d.source(),
                            MetricNames.TAG_TARGET_SITE,
                            d.target()));
            durations.put(
                    d,
                    Timer.builder(MetricNames.SYNC_COPY_DURATION)
                            .tag(MetricNames.TAG_SOURCE_SITE, d.source())
                            .tag(MetricNames.TAG_TARGET_SITE, d.target())
                            .description("Time to bring one key of one direction up to date")
                            .serviceLevelObjectives(LatencyBuckets.upTo(Duration.ofSeconds(60)))
                            .register(registry));
        }
        bySource.replaceAll((s, l) -> List.copyOf(l));
        Map<String, Set<String>> sourcesOf = new HashMap<>();
        for (Direction d : directions) {
            sourcesOf.computeIfAbsent(d.target(), t -> new HashSet<>()).add(d.source());
        }
        sourcesOf.replaceAll((t, l) -> Set.copyOf(l));
        plan = new Plan(
                new ChangeEvents(buckets),
                keys,
                Map.copyOf(bySource),
                Map.copyOf(sourcesOf),
                Map.copyOf(objects),
                Map.copyOf(bytes),
                Map.copyOf(requests),
                Map.copyOf(durations));
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

    /**
     * Takes one change record: its changes are queued on their keys' lanes, and the record is
     * acknowledged once they are applied (the throttled commit strategy then commits an offset only
     * when every earlier record of its partition is acknowledged too: at-least-once). Returns when
     * the engine has room for the next record. Never fails for bad input or S3 errors.
     */
    @Incoming("changes-in")
    public CompletionStage<Void> onChange(Message<String> message) {
        if (!config.enabled()) {
            return message.ack();
        }
        Plan p = plan();
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, String> meta =
                message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        String topic = meta == null ? "syncmeter.changes" : meta.getTopic();
        String key = meta == null ? null : meta.getKey();
        String siteHeader = meta == null ? null : header(meta.getHeaders().lastHeader(SITE_HEADER));
        ChangeEvents.Parsed parsed = p.parser().parse(message.getPayload(), siteHeader);
        parsed.rejection().ifPresent(r -> rejected.reject(topic, key, message.getPayload(), r.reason(), r.detail()));
        List<CompletableFuture<Void>> work = new ArrayList<>();
        for (ObjectChange change : parsed.changes()) {
            work.add(lanes.submit(
                    change.key(),
                    change.sourceSite() + '\n' + change.key(),
                    change,
                    ObjectChange::merge,
                    c -> apply(p, c)));
        }
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> message.ack());
        return lanes.admitted();
    }

    @PreDestroy
    void stop() {
        lanes.close();
    }

    private void apply(Plan p, ObjectChange change) {
        List<Direction> directions = p.bySource().getOrDefault(change.sourceSite(), List.of());
        if (directions.isEmpty()) {
            return;
        }
        Site source = sites.require(change.sourceSite());
        // never act on another bucket or outside the prefixes: such a key is not ours to replicate
        boolean inScope = source.bucket().equals(change.bucket()) && p.keys().matches(change.key());
        // the site's notice of a copy or delete we made there: nothing to send where the write came from
        // (a delete's echo could remove a newer write there), nor where that site replicates itself
        String echoOf = !inScope || (change.kind() == ObjectChange.Kind.CREATED && change.etag() == null)
                ? null
                : ownWrites
                        .consume(change.sourceSite(), change.key(), change.etag(), change.eventTime(), Instant.now())
                        .orElse(null);
        for (Direction d : directions) {
            if (!inScope) {
                count(p, d, change, new ObjectCopier.Result(Outcome.FILTERED, 0, 0));
            } else if (echoOf != null
                    && (d.target().equals(echoOf)
                            || p.sourcesOf().getOrDefault(d.target(), Set.of()).contains(echoOf))) {
                count(p, d, change, new ObjectCopier.Result(Outcome.UNCHANGED, 0, 0));
            } else {
                ObjectCopier.Result result = timed(p, d, source, change);
                if (result.outcome() == Outcome.SUPERSEDED) {
                    sendBack(p, d, change);
                }
            }
        }
    }

    // The target holds the newer version: its own change may have been applied already (before the
    // source's write), so the newer version is sent back now, or the source would keep the older one.
    private void sendBack(Plan p, Direction d, ObjectChange change) {
        p.bySource().getOrDefault(d.target(), List.of()).stream()
                .filter(back -> back.target().equals(d.source()))
                .findFirst()
                .ifPresent(back -> {
                    Site from = sites.require(back.source());
                    timed(
                            p,
                            back,
                            from,
                            new ObjectChange(back.source(), from.bucket(), change.key(), ObjectChange.Kind.CREATED));
                });
    }

    private ObjectCopier.Result timed(Plan p, Direction d, Site source, ObjectChange change) {
        long started = System.nanoTime();
        ObjectCopier.Result result = syncOne(p, source, d, change);
        p.durations().get(d).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        p.requests().get(d).increment(result.requests());
        count(p, d, change, result);
        return result;
    }

    private static void count(Plan p, Direction d, ObjectChange change, ObjectCopier.Result result) {
        p.objects().get(d).get(result.outcome()).increment();
        if (result.bytes() > 0) {
            p.bytes().get(d).increment(result.bytes());
        }
        LOG.debugf("%s %s %s/%s: %s", d, change.kind(), change.bucket(), change.key(), result.outcome());
    }

    private ObjectCopier.Result syncOne(Plan p, Site source, Direction d, ObjectChange change) {
        try {
            Set<String> toTarget = p.sourcesOf().getOrDefault(d.target(), Set.of());
            boolean intoSource = p.sourcesOf().containsKey(d.source());
            return copier.sync(
                    source,
                    sites.require(d.target()),
                    change,
                    toTarget::contains,
                    intoSource,
                    (site, etag) -> ownWrites.record(site, change.key(), etag, change.sourceSite(), Instant.now()));
        } catch (RuntimeException e) {
            // a bug must not stop the channel (its failure strategy would halt all replication)
            LOG.errorf(e, "Sync %s of %s failed unexpectedly", d, change.key());
            return new ObjectCopier.Result(Outcome.FAILED, 0, 0);
        }
    }

    private Plan plan() {
        Plan p = plan;
        if (p == null) {
            throw new IllegalStateException("SyncEngine used before initialisation");
        }
        return p;
    }

    private static String header(Header h) {
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
