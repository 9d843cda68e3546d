package io.syncmeter.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.syncmeter.changes.ChangeRecords;
import io.syncmeter.metrics.LatencyBuckets;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.rejected.RejectedEvents;
import io.syncmeter.site.Site;
import io.syncmeter.site.SiteRegistry;
import io.syncmeter.sync.internal.ChangeEvents;
import io.syncmeter.sync.internal.ChangeTopic;
import io.syncmeter.sync.internal.ConditionalWrites;
import io.syncmeter.sync.internal.DaemonThreads;
import io.syncmeter.sync.internal.Direction;
import io.syncmeter.sync.internal.Fence;
import io.syncmeter.sync.internal.InvalidSyncConfigurationException;
import io.syncmeter.sync.internal.KeyFilter;
import io.syncmeter.sync.internal.KeyLanes;
import io.syncmeter.sync.internal.ObjectChange;
import io.syncmeter.sync.internal.ObjectCopier;
import io.syncmeter.sync.internal.ObjectCopier.Outcome;
import io.syncmeter.sync.internal.OwnWrites;
import io.syncmeter.sync.internal.ParkingLot;
import io.syncmeter.sync.internal.PauseWatch;
import io.syncmeter.sync.internal.ShardOwnership;
import io.syncmeter.sync.internal.SyncPlan;
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
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The sync engine: consumes object changes (S3 event notifications on channel {@code changes-in},
 * topic {@code syncmeter.changes}, consumer group {@code syncmeter-sync}) and, for every configured
 * direction out of the change's site, brings the key at the target to the source's current state
 * ({@link ObjectCopier}). Kafka's group assignment makes one engine instance active per partition
 * (shard, see {@link SyncShards}); records are keyed by object key, so all changes of a key are
 * handled in order by one instance.
 *
 * <p>Lifecycle: the configuration is resolved and validated once, in {@link PostConstruct}, forced at
 * {@link StartupEvent} so a bad {@code syncmeter.sync.*} value fails startup naming the key.
 * Immutable afterwards.
 *
 * <p>Threading: {@link #onChange} runs on the channel's thread and only parses and queues: each change
 * goes to its key's lane ({@code syncmeter.sync.concurrency} lanes, each one thread; one key always on
 * the same lane, so a key's changes apply in order while other keys run beside them; a change of a
 * key still waiting on its lane is merged into it, see {@link ObjectChange#merge}). A record is
 * acknowledged once its changes are applied; with the throttled commit strategy an offset is
 * committed only when every earlier record of its partition is acknowledged too (at-least-once;
 * replays converge). At most {@code syncmeter.sync.max-in-flight} records are unfinished: the
 * consumer waits for room. It never fails for bad input or S3 errors: malformed records go to {@link
 * RejectedEvents}; a failed sync is retried with backoff ({@code syncmeter.sync.retry.*}) off its
 * lane, so other keys never wait for it, and its record stays unacknowledged until then; once its
 * retries are spent the key is parked ({@link ParkingLot}) and comes back to the change topic later.
 *
 * <p>Fencing: a change carries the generation its shard had when its record was taken; every write
 * checks that the shard is still this worker's under that generation and that the process has not
 * stood still since ({@link ShardOwnership.Lease}). A refused write is counted ({@code fenced}); if
 * the shard is still this worker's, the change is retried after {@code
 * syncmeter.sync.retry-after-fence}, otherwise its new owner replays it. A record whose shard is
 * already gone when it is handled is skipped. A write let through whose fence no longer holds after it
 * (the shard moved while it was on its way) may have landed over a newer version: once it settled
 * ({@code syncmeter.sync.recheck-after}) the key is published again to its shard, flagged as a
 * recheck, and the shard's owner syncs it from the source's current state (channel {@code
 * changes-out}, the same topic).
 *
 * <p>Disabled ({@code syncmeter.sync.enabled=false}): records are acknowledged and skipped without
 * touching any site. To not consume at all, also set {@code
 * mp.messaging.incoming.changes-in.enabled=false}.
 */
@ApplicationScoped
public class SyncEngine {

    private static final Logger LOG = Logger.getLogger(SyncEngine.class);
    private static final String CHANNEL = "mp.messaging.incoming.changes-in.";

    private final SyncConfig config;
    private final SiteRegistry sites;
    private final RejectedEvents rejected;
    private final MeterRegistry registry;
    private final ShardOwnership ownership;
    // for the keys handed to their shard's owner
    private final ChangeTopic changeTopic;
    // where keys whose retries all failed wait
    private final ParkingLot parking;
    // whether another deployment writes a direction's places
    private final WriterWatch writerWatch;
    // which targets honour conditional writes, checked at start
    private final ConditionalWrites conditional = new ConditionalWrites();
    private final ObjectCopier copier = new ObjectCopier(conditional::form);
    // the meters that read this instance's state (see meters())
    private final List<Meter> bound = new CopyOnWriteArrayList<>();
    // an echo comes within seconds; five minutes covers a slow notification, 100,000 keys a burst, and
    // one second of skew the sites' clocks against ours
    private final OwnWrites ownWrites = new OwnWrites(Duration.ofMinutes(5), Duration.ofSeconds(1), 100_000);
    private final KeyLanes lanes;
    private final PauseWatch pauses;
    // where failed and fenced changes wait for their retry, off the lanes
    private final ScheduledExecutorService retries = DaemonThreads.scheduler("sync-retry");

    // the directions and what goes with them, shared with the rest of the feature
    private final SyncPlan sync;
    private volatile Plan plan;

    /** What {@link #init} set up beside the shared plan: every direction's meters. Immutable. */
    private record Plan(Map<Direction, Meters> meters) {}

    /** The meters of one direction. */
    private record Meters(
            Map<Outcome, Counter> objects,
            Counter bytes,
            Counter requests,
            Timer duration,
            Counter fenced,
            Counter retries,
            Counter rechecks,
            Counter parked,
            Counter conflicts,
            AtomicLong backlog) {}

    /**
     * One change on its way: the right to write for it, the retry it is on (0 for the first try), the
     * directions still to do (null for all of the source's) and whether it is a recheck (a change the
     * engine published itself, see {@link ChangeRecords#RECHECK_HEADER}).
     */
    private record Work(ObjectChange change, Fence fence, int attempt, Set<Direction> only, boolean recheck) {

        static Work merge(Work earlier, Work later) {
            Fence fence =
                    earlier.fence instanceof ShardOwnership.Lease a && later.fence instanceof ShardOwnership.Lease b
                            ? a.merge(b)
                            : later.fence;
            Set<Direction> only = null;
            if (earlier.only != null && later.only != null) {
                only = new HashSet<>(earlier.only);
                only.addAll(later.only);
            }
            return new Work(
                    ObjectChange.merge(earlier.change, later.change),
                    fence,
                    Math.min(earlier.attempt, later.attempt),
                    only,
                    earlier.recheck || later.recheck);
        }
    }

    /** What follows a try that did not finish its work. */
    private enum Next {
        /** Try the failed directions again here, after a backoff. */
        RETRY,
        /** A write was refused: try again here after {@code retry-after-fence}, if the shard is still ours. */
        RETRY_FENCED,
        /** A write was let through while the shard moved: hand the key to the shard's owner. */
        RECHECK,
        /** Every retry failed: park the key, to be synced again later. */
        PARK
    }

    /**
     * What a try left to do: the work that ran (merged), the directions concerned, after how long, what
     * to do then, and the last failure (null when none).
     */
    private record Again(Work ran, Set<Direction> directions, Duration after, Next next, String failure) {}

    @Inject
    public SyncEngine(
            SyncConfig config,
            SiteRegistry sites,
            RejectedEvents rejected,
            MeterRegistry registry,
            @Identifier(SyncShards.NAME) SyncShards shards,
            ChangeTopic changeTopic,
            ParkingLot parking,
            WriterWatch writerWatch,
            SyncPlan sync) {
        this.config = config;
        this.sync = sync;
        this.changeTopic = changeTopic;
        this.parking = parking;
        this.writerWatch = writerWatch;
        this.sites = sites;
        this.rejected = rejected;
        this.registry = registry;
        this.ownership = shards.ownership();
        List<String> problems = problems(config, ConfigProvider.getConfig());
        if (!problems.isEmpty()) {
            throw new InvalidSyncConfigurationException(problems);
        }
        this.lanes = new KeyLanes(config.concurrency(), config.maxInFlight(), "sync-lane");
        this.pauses = PauseWatch.start(100, config.fenceAfterPause().toMillis());
    }

    /**
     * What is wrong with {@code syncmeter.sync.*}, each naming its key; empty when nothing. The {@code
     * resync.*} and {@code writers.*} settings are checked by their owners, {@link Resync} and {@link
     * WriterWatch}; all are checked here so one startup failure names every bad key.
     */
    static List<String> problems(SyncConfig config, Config channel) {
        List<String> problems = new ArrayList<>();
        if (config.concurrency() < 1 || config.concurrency() > 256) {
            problems.add("syncmeter.sync.concurrency: must be from 1 to 256, was " + config.concurrency());
        }
        if (config.maxInFlight() < 1 || config.maxInFlight() > 100_000) {
            problems.add("syncmeter.sync.max-in-flight: must be from 1 to 100000, was " + config.maxInFlight());
        }
        Duration session = Duration.ofMillis(channel.getOptionalValue(CHANNEL + "session.timeout.ms", Long.class)
                .orElse(45_000L));
        Duration heartbeat = Duration.ofMillis(channel.getOptionalValue(CHANNEL + "heartbeat.interval.ms", Long.class)
                .orElse(3_000L));
        Duration pause = config.fenceAfterPause();
        if (pause.compareTo(Duration.ofMillis(200)) < 0 || pause.compareTo(session.minus(heartbeat)) >= 0) {
            problems.add("syncmeter.sync.fence-after-pause: must be from 200ms to below the session timeout minus"
                    + " the heartbeat interval of " + CHANNEL + "* ("
                    + session.minus(heartbeat).toMillis()
                    + " ms), was " + pause.toMillis() + " ms");
        }
        if (config.retryAfterFence().compareTo(session.plus(heartbeat)) <= 0) {
            problems.add("syncmeter.sync.retry-after-fence: must be above the session timeout plus the heartbeat"
                    + " interval of " + CHANNEL + "* ("
                    + session.plus(heartbeat).toMillis() + " ms), was "
                    + config.retryAfterFence().toMillis() + " ms");
        }
        if (config.recheckAfter().compareTo(Duration.ofMillis(100)) < 0
                || config.recheckAfter().compareTo(Duration.ofMinutes(1)) > 0) {
            problems.add("syncmeter.sync.recheck-after: must be from 100ms to 1m, was "
                    + config.recheckAfter().toMillis() + " ms");
        }
        problems.addAll(Resync.problems(config.resync()));
        problems.addAll(WriterWatch.problems(config.writers()));
        SyncConfig.Retry retry = config.retry();
        if (retry.parkFor().compareTo(Duration.ofSeconds(1)) < 0
                || retry.parkFor().compareTo(Duration.ofHours(24)) > 0) {
            problems.add("syncmeter.sync.retry.park-for: must be from 1s to 24h, was "
                    + retry.parkFor().toMillis() + " ms");
        }
        if (retry.attempts() < 0 || retry.attempts() > 20) {
            problems.add("syncmeter.sync.retry.attempts: must be from 0 to 20, was " + retry.attempts());
        }
        if (retry.initialBackoff().compareTo(Duration.ofMillis(10)) < 0
                || retry.initialBackoff().compareTo(Duration.ofMinutes(1)) > 0) {
            problems.add("syncmeter.sync.retry.initial-backoff: must be from 10ms to 1m, was "
                    + retry.initialBackoff().toMillis() + " ms");
        } else if (retry.maxBackoff().compareTo(retry.initialBackoff()) < 0) {
            problems.add("syncmeter.sync.retry.max-backoff: must be at least syncmeter.sync.retry.initial-backoff ("
                    + retry.initialBackoff().toMillis() + " ms), was "
                    + retry.maxBackoff().toMillis() + " ms");
        } else if (retry.attempts() >= 0 && retry.attempts() <= 20) {
            long maxAge = channel.getOptionalValue(CHANNEL + "throttled.unprocessed-record-max-age.ms", Long.class)
                    .orElse(60_000L);
            Duration total = Duration.ZERO;
            for (int a = 1; a <= retry.attempts(); a++) {
                total = total.plus(backoff(retry, a));
            }
            // a record stays unacknowledged while its key is retried: the channel must not call it stuck
            if (maxAge > 0 && total.toMillis() >= maxAge / 2) {
                problems.add("syncmeter.sync.retry.max-backoff: the waits of "
                        + retry.attempts() + " retries add up to " + total.toMillis()
                        + " ms, which must stay under half of " + CHANNEL
                        + "throttled.unprocessed-record-max-age.ms (" + maxAge + " ms)");
            }
        }
        return problems;
    }

    /** The wait before retry number {@code attempt} (from 1): doubling from the initial backoff, capped. */
    static Duration backoff(SyncConfig.Retry retry, int attempt) {
        long initial = retry.initialBackoff().toMillis();
        long wait = attempt >= 31 ? Long.MAX_VALUE : initial << Math.min(attempt - 1, 30);
        return Duration.ofMillis(Math.min(wait, retry.maxBackoff().toMillis()));
    }

    @PostConstruct
    void init() {
        List<Direction> directions = sync.directions();
        KeyFilter keys = sync.keys();
        Map<Direction, Meters> meters = new HashMap<>();
        for (Direction d : directions) {
            meters.put(d, meters(d));
        }
        plan = new Plan(Map.copyOf(meters));
        if (config.enabled() && config.conditionalWrites() == SyncConfig.ConditionalWrites.AUTO) {
            conditional.start(directions.stream()
                    .map(Direction::target)
                    .distinct()
                    .map(sites::require)
                    .toList());
        }
        LOG.infof(
                "Sync engine %s: directions %s, keys %s",
                config.enabled() ? "enabled" : "disabled (changes are skipped)",
                directions,
                keys.prefixes().isEmpty() ? "all" : keys.prefixes());
    }

    // Registered up front so every series exists (at 0) before the first change. The gauges and function
    // counters read this instance's state: they are removed when it stops, or a later engine in the
    // same registry (an application restarted in one JVM, as in tests) would get them back from the
    // registry still reading the stopped engine's state.
    private Meters meters(Direction d) {
        Tags tags = Tags.of(MetricNames.TAG_SOURCE_SITE, d.source(), MetricNames.TAG_TARGET_SITE, d.target());
        Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            byOutcome.put(o, registry.counter(MetricNames.SYNC_OBJECTS, tags.and(MetricNames.TAG_OUTCOME, o.label())));
        }
        bound.add(Gauge.builder(MetricNames.SYNC_ACTIVE_SHARDS, ownership, ShardOwnership::owned)
                .tags(tags)
                .description("Partitions of the change topic this worker owns")
                .register(registry));
        bound.add(FunctionCounter.builder(MetricNames.SYNC_SHARD_MOVES, ownership, ShardOwnership::moves)
                .tags(tags)
                .description("Partitions that came to or left this worker")
                .register(registry));
        bound.add(Gauge.builder(
                        MetricNames.SYNC_CONDITIONAL_WRITES,
                        conditional,
                        c -> c.form(d.target()).honoured() ? 1 : 0)
                .tags(tags)
                .description("1 when copies into the target are conditional writes")
                .register(registry));
        AtomicLong backlog = new AtomicLong();
        bound.add(Gauge.builder(MetricNames.SYNC_BACKLOG, backlog, AtomicLong::get)
                .tags(tags)
                .description("Changes this worker took from the topic and has not applied yet, retries included")
                .register(registry));
        return new Meters(
                Map.copyOf(byOutcome),
                registry.counter(MetricNames.SYNC_BYTES, tags),
                registry.counter(MetricNames.SYNC_REQUESTS, tags),
                Timer.builder(MetricNames.SYNC_COPY_DURATION)
                        .tags(tags)
                        .description("Time to bring one key of one direction up to date")
                        .serviceLevelObjectives(LatencyBuckets.upTo(Duration.ofSeconds(60)))
                        .register(registry),
                registry.counter(MetricNames.SYNC_FENCED_WRITES, tags),
                registry.counter(MetricNames.SYNC_RETRIES, tags),
                registry.counter(MetricNames.SYNC_RECHECKS, tags),
                registry.counter(MetricNames.SYNC_PARKED, tags),
                registry.counter(MetricNames.SYNC_WRITE_CONFLICTS, tags),
                backlog);
    }

    void onStart(@Observes StartupEvent event) {
        // touching the bean runs init(): bad configuration fails startup, not the first change
        plan();
    }

    /** The directions the engine replicates, in configuration order. */
    public List<Direction> directions() {
        return sync.directions();
    }

    /**
     * Takes one change record: its changes are queued on their keys' lanes, and the record is
     * acknowledged once they are applied, retries included (the throttled commit strategy then
     * commits an offset only when every earlier record of its partition is acknowledged too:
     * at-least-once). Returns when the engine has room for the next record. Never fails for bad input
     * or S3 errors.
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
        Fence fence = Fence.NONE;
        if (meta != null) {
            OptionalLong generation = ownership.generation(meta.getPartition());
            if (generation.isEmpty()) {
                // taken before the shard moved away: its new owner replays it from the committed offset
                LOG.debugf("Skipped a change of shard %d: no longer this worker's", meta.getPartition());
                return message.ack();
            }
            long now = System.currentTimeMillis();
            // the record was written before it was taken: a standstill after that may have cost the shard
            long written = meta.getTimestamp() == null
                    ? now
                    : Math.min(now, meta.getTimestamp().toEpochMilli());
            fence = new ShardOwnership.Lease(ownership, pauses, meta.getPartition(), generation.getAsLong(), written);
        }
        String topic = meta == null ? "syncmeter.changes" : meta.getTopic();
        String key = meta == null ? null : meta.getKey();
        String siteHeader = meta == null ? null : header(meta.getHeaders().lastHeader(ChangeRecords.SITE_HEADER));
        boolean recheck = meta != null && meta.getHeaders().lastHeader(ChangeRecords.RECHECK_HEADER) != null;
        ChangeEvents.Parsed parsed = sync.parser().parse(message.getPayload(), siteHeader);
        parsed.rejection().ifPresent(r -> rejected.reject(topic, key, message.getPayload(), r.reason(), r.detail()));
        List<CompletableFuture<Void>> work = new ArrayList<>();
        for (ObjectChange change : parsed.changes()) {
            // counted from taken to done, retries included, for every direction out of its site
            List<AtomicLong> waiting = sync.from(change.sourceSite()).stream()
                    .map(d -> p.meters().get(d).backlog())
                    .toList();
            waiting.forEach(AtomicLong::incrementAndGet);
            work.add(run(p, new Work(change, fence, 0, null, recheck))
                    .whenComplete((v, e) -> waiting.forEach(AtomicLong::decrementAndGet)));
        }
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> message.ack());
        return lanes.admitted();
    }

    // Runs a change on its key's lane; what is left to retry waits off the lane, then runs again.
    private CompletableFuture<Void> run(Plan p, Work w) {
        ObjectChange change = w.change();
        // set by the lane when this submission's work ran (a merged submission shares the first's run)
        AtomicReference<Again> left = new AtomicReference<>();
        return lanes.submit(
                        change.key(),
                        change.sourceSite() + '\n' + change.key(),
                        w,
                        Work::merge,
                        merged -> left.set(apply(p, merged)))
                .thenCompose(done -> {
                    Again again = left.get();
                    if (again == null) {
                        return CompletableFuture.completedFuture(null);
                    }
                    CompletableFuture<Void> waited = new CompletableFuture<>();
                    try {
                        retries.schedule(
                                () -> waited.complete(null), again.after().toMillis(), TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException stopping) {
                        // stopping: left unacknowledged, replayed after the restart
                        return new CompletableFuture<Void>();
                    }
                    return waited.thenCompose(v -> switch (again.next()) {
                        case RECHECK -> handOff(p, again);
                        case PARK -> park(p, again);
                        case RETRY, RETRY_FENCED -> {
                            Work retried = retry(p, again);
                            yield retried == null ? CompletableFuture.completedFuture(null) : run(p, retried);
                        }
                    });
                });
    }

    // Publishes the key's change again, to its shard (the partition its record came from), flagged as a
    // recheck: the shard's owner, whoever that is now, syncs it from the source's current state. Completes
    // once the broker has the record (or it could not be published, logged).
    private CompletableFuture<Void> handOff(Plan p, Again again) {
        Work w = again.ran();
        ObjectChange c = w.change();
        again.directions().forEach(d -> p.meters().get(d).rechecks().increment());
        Integer partition = w.fence() instanceof ShardOwnership.Lease lease ? lease.partition() : null;
        return changeTopic
                .send(c.key(), c.sourceSite(), ChangeTopic.withoutHints(c), partition, "moved")
                .handle((v, e) -> {
                    if (e == null) {
                        LOG.debugf("%s: handed to its shard's owner, to be synced again", c.key());
                    } else {
                        LOG.errorf(
                                "%s: could not hand the key to its shard's owner (%s); a write of this worker"
                                        + " may have left an older version at %s until its next change or a"
                                        + " resync",
                                c.key(), e.toString(), again.directions());
                    }
                    return null;
                });
    }

    // The work of a retry, or null when there is none: a fenced change whose shard left this worker
    // is its new owner's to replay
    private Work retry(Plan p, Again again) {
        Work w = again.ran();
        Fence fence = w.fence();
        boolean fenced = again.next() == Next.RETRY_FENCED;
        if (fenced && fence instanceof ShardOwnership.Lease lease) {
            OptionalLong generation = ownership.generation(lease.partition());
            if (generation.isEmpty()) {
                LOG.debugf(
                        "%s: shard %d left this worker; its new owner syncs it",
                        w.change().key(), lease.partition());
                return null;
            }
            fence = new ShardOwnership.Lease(
                    ownership, pauses, lease.partition(), generation.getAsLong(), System.currentTimeMillis());
        }
        again.directions().forEach(d -> p.meters().get(d).retries().increment());
        // without the ETag hint: a failed or fenced try may have left the target holding that very
        // version over a newer one, which the hint would take for up to date
        ObjectChange change = w.change().withoutEtag();
        return new Work(change, fence, fenced ? w.attempt() : w.attempt() + 1, again.directions(), w.recheck());
    }

    @PreDestroy
    void stop() {
        // waiting retries are dropped with what they hold (their records stay unacknowledged)
        retries.shutdownNow();
        conditional.close();
        bound.forEach(registry::remove);
        bound.clear();
        lanes.close();
        pauses.close();
    }

    // returns what is left to retry, or null
    private Again apply(Plan p, Work w) {
        ObjectChange change = w.change();
        List<Direction> directions = sync.from(change.sourceSite());
        if (directions.isEmpty()) {
            return null;
        }
        Site source = sites.require(change.sourceSite());
        // never act on another bucket or outside the prefixes: such a key is not ours to replicate
        boolean inScope = source.bucket().equals(change.bucket()) && sync.keys().matches(change.key());
        // the site's notice of a copy or delete we made there: nothing to send where the write came from
        // (a delete's echo could remove a newer write there), nor where that site replicates itself
        String echoOf = !inScope
                        || w.attempt() > 0
                        || w.recheck()
                        || (change.kind() == ObjectChange.Kind.CREATED && change.etag() == null)
                ? null
                : ownWrites
                        .consume(change.sourceSite(), change.key(), change.etag(), change.eventTime(), Instant.now())
                        .orElse(null);
        Set<Direction> failed = new HashSet<>();
        Set<Direction> fenced = new HashSet<>();
        Set<Direction> moved = new HashSet<>();
        String failure = null;
        for (Direction d : directions) {
            if (w.only() != null && !w.only().contains(d)) {
                continue;
            }
            if (!inScope) {
                count(p, d, change, new ObjectCopier.Result(Outcome.FILTERED, 0, 0));
            } else if (writerWatch.standby(d)) {
                // the older deployment writes it; a full sync catches up once it is gone
                count(p, d, change, new ObjectCopier.Result(Outcome.STANDBY, 0, 0));
            } else if (echoOf != null
                    && (d.target().equals(echoOf) || sync.sourcesOf(d.target()).contains(echoOf))) {
                count(p, d, change, new ObjectCopier.Result(Outcome.UNCHANGED, 0, 0));
            } else {
                ObjectCopier.Result result = timed(p, d, source, change, w.fence());
                if (result.moved()) {
                    moved.add(d);
                }
                switch (result.outcome()) {
                    case SUPERSEDED -> sendBack(p, d, change, w.fence());
                    case FAILED -> {
                        failed.add(d);
                        failure = d + ": " + result.failure();
                    }
                    case FENCED -> fenced.add(d);
                    default -> {}
                }
            }
        }
        if (!moved.isEmpty()) {
            // its owner syncs every direction of the key again, the failed and fenced ones with them
            return new Again(w, Set.copyOf(moved), config.recheckAfter(), Next.RECHECK, null);
        }
        if (!fenced.isEmpty()) {
            // after a standstill the consumer needs a moment to learn whether the shard is still ours
            fenced.addAll(failed);
            return new Again(w, Set.copyOf(fenced), config.retryAfterFence(), Next.RETRY_FENCED, null);
        }
        if (failed.isEmpty()) {
            return null;
        }
        int next = w.attempt() + 1;
        if (next > config.retry().attempts()) {
            return new Again(w, Set.copyOf(failed), Duration.ZERO, Next.PARK, failure);
        }
        return new Again(w, Set.copyOf(failed), backoff(config.retry(), next), Next.RETRY, failure);
    }

    // Every retry failed: the key waits on the parking topic and comes back to the change topic later.
    // Completes once it is parked (or, when even that fails, once that is logged: the record is then
    // acknowledged all the same, and the key waits for its next change or a resync).
    private CompletableFuture<Void> park(Plan p, Again again) {
        ObjectChange c = again.ran().change();
        String directions =
                again.directions().stream().map(Direction::toString).sorted().collect(Collectors.joining(","));
        return parking.park(c, again.failure(), directions).handle((v, e) -> {
            if (e == null) {
                again.directions().forEach(d -> p.meters().get(d).parked().increment());
                LOG.warnf(
                        "Sync of %s from %s to %s failed %d times (%s); parked for %s",
                        c.key(),
                        c.sourceSite(),
                        directions,
                        again.ran().attempt() + 1,
                        again.failure(),
                        config.retry().parkFor());
            } else {
                LOG.errorf(
                        "Sync of %s from %s to %s failed %d times (%s) and could not be parked (%s); given up"
                                + " until its next change or a resync",
                        c.key(), c.sourceSite(), directions, again.ran().attempt() + 1, again.failure(), e);
            }
            return null;
        });
    }

    // The target holds the newer version: its own change may have been applied already (before the
    // source's write), so the newer version is sent back now, or the source would keep the older one.
    private void sendBack(Plan p, Direction d, ObjectChange change, Fence fence) {
        sync.from(d.target()).stream()
                .filter(back -> back.target().equals(d.source()))
                .findFirst()
                .ifPresent(back -> {
                    Site from = sites.require(back.source());
                    timed(
                            p,
                            back,
                            from,
                            new ObjectChange(back.source(), from.bucket(), change.key(), ObjectChange.Kind.CREATED),
                            fence);
                });
    }

    private ObjectCopier.Result timed(Plan p, Direction d, Site source, ObjectChange change, Fence fence) {
        long started = System.nanoTime();
        ObjectCopier.Result result = syncOne(p, source, d, change, fence);
        Meters m = p.meters().get(d);
        m.duration().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        m.requests().increment(result.requests());
        if (result.outcome() == Outcome.FENCED) {
            m.fenced().increment();
        }
        if (result.conflicts() > 0) {
            m.conflicts().increment(result.conflicts());
        }
        count(p, d, change, result);
        return result;
    }

    private static void count(Plan p, Direction d, ObjectChange change, ObjectCopier.Result result) {
        Meters m = p.meters().get(d);
        m.objects().get(result.outcome()).increment();
        if (result.bytes() > 0) {
            m.bytes().increment(result.bytes());
        }
        LOG.debugf("%s %s %s/%s: %s", d, change.kind(), change.bucket(), change.key(), result.outcome());
    }

    private ObjectCopier.Result syncOne(Plan p, Site source, Direction d, ObjectChange change, Fence fence) {
        try {
            Set<String> toTarget = sync.sourcesOf(d.target());
            boolean intoSource = sync.isTarget(d.source());
            return copier.sync(
                    source,
                    sites.require(d.target()),
                    change,
                    toTarget::contains,
                    intoSource,
                    (site, etag) -> ownWrites.record(site, change.key(), etag, change.sourceSite(), Instant.now()),
                    fence);
        } catch (RuntimeException e) {
            // a bug must not stop the channel (its failure strategy would halt all replication)
            LOG.errorf(e, "Sync %s of %s failed unexpectedly", d, change.key());
            return ObjectCopier.Result.failed(0, "unexpected: " + e);
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
