package io.syncmeter.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.site.Site;
import io.syncmeter.site.SiteRegistry;
import io.syncmeter.sync.internal.BucketDiff;
import io.syncmeter.sync.internal.ChangeTopic;
import io.syncmeter.sync.internal.DaemonThreads;
import io.syncmeter.sync.internal.Direction;
import io.syncmeter.sync.internal.ObjectChange;
import io.syncmeter.sync.internal.RangedDiff;
import io.syncmeter.sync.internal.ResyncSchedule;
import io.syncmeter.sync.internal.ShardOwnership;
import io.syncmeter.sync.internal.SiteListing;
import io.syncmeter.sync.internal.SyncPlan;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Full sync (reconciliation), like RGW's full sync: for every direction, lists the source and the
 * target under each configured prefix (key, size, ETag), compares them in key order ({@link
 * BucketDiff}) and puts each key that differs on the change topic as a recheck (keyed by object key, so
 * it lands on its key's shard and its owner syncs it from the sites' state): a key missing or different
 * at the target is synced as written at the source, a key only at the target as removed there (the
 * engine then deletes only a copy that came from the source; what was written at the target itself is
 * kept and goes the other way). Nothing outside the sites' buckets and the configured prefixes is
 * listed, and this writes nothing to any site.
 *
 * <p>Each (direction, prefix) is cut into key ranges that are listed on both sides and compared side by
 * side, {@code syncmeter.sync.resync.parallelism} at once ({@link RangedDiff}); the directions and
 * prefixes follow each other. Ranges are cut by key, not by shard: a shard is a hash partition of the
 * key, which S3 cannot list; the differences reach their shard's owner through the change topic's key.
 *
 * <p>Runs on request ({@link #start}: {@code POST /api/sync/resync}, the {@code resync} command), once
 * after start and every {@code syncmeter.sync.resync.interval} on the worker that owns shard 0 (so a
 * group of workers runs one, not one each); a scheduled run that failed is retried with backoff
 * ({@link ResyncSchedule}). One run at a time per instance.
 *
 * <p>Threading: a run is led by its own thread and its ranges run on a pool of {@code parallelism}
 * threads, both owned here and stopped at shutdown; {@link #start} and {@link #last} are thread-safe.
 * At most 1,000 records are on their way to the broker at once.
 */
@ApplicationScoped
public class Resync {

    private static final Logger LOG = Logger.getLogger(Resync.class);
    private static final int IN_FLIGHT = 1000;
    private static final Duration SCHEDULE_CHECK = Duration.ofSeconds(5);
    private static final int MAX_PARALLELISM = 64;

    /** The state of one run. */
    public enum State {
        RUNNING,
        DONE,
        FAILED
    }

    /**
     * What one direction's comparison found so far.
     *
     * @param ranges key ranges listed so far, over all prefixes (one per prefix when not split)
     */
    public record DirectionReport(
            String source,
            String target,
            long listedSource,
            long listedTarget,
            long missing,
            long differs,
            long extra,
            long ranges) {}

    /**
     * A run: what it compares, how far it got, and why it failed (null unless failed).
     *
     * @param queued differences put on the change topic so far
     */
    public record Report(
            String id,
            State state,
            String trigger,
            List<String> prefixes,
            Instant started,
            Instant finished,
            List<DirectionReport> directions,
            long queued,
            String error) {}

    /** A run was asked for while one runs. */
    public static final class Busy extends Exception {
        Busy(String id) {
            super("a full sync is running (" + id + "); ask again once it is done");
        }
    }

    /** A request names something outside what the engine replicates. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private final SyncConfig config;
    private final SiteRegistry sites;
    private final SyncPlan plan;
    private final ChangeTopic changes;
    private final ShardOwnership ownership;
    private final MeterRegistry registry;
    private final AtomicReference<Run> current = new AtomicReference<>();
    private final AtomicLong lastSuccess = new AtomicLong();
    private final ScheduledExecutorService thread = DaemonThreads.scheduler("sync-resync");
    private final ExecutorService rangePool;
    private final RangedDiff ranged;
    private final ResyncSchedule schedule;

    @Inject
    public Resync(
            SyncConfig config,
            SiteRegistry sites,
            ChangeTopic changes,
            @Identifier(SyncShards.NAME) SyncShards shards,
            MeterRegistry registry,
            SyncPlan plan) {
        this.config = config;
        this.sites = sites;
        this.plan = plan;
        this.changes = changes;
        this.ownership = shards.ownership();
        this.registry = registry;
        // sized by a value startup validation checks later: kept in range here so construction cannot fail
        int parallelism = Math.max(1, Math.min(MAX_PARALLELISM, config.resync().parallelism()));
        this.rangePool = Executors.newFixedThreadPool(parallelism, DaemonThreads.named("sync-resync-range"));
        this.ranged = new RangedDiff(parallelism, rangePool);
        this.schedule =
                new ResyncSchedule(config.resync().interval(), config.resync().onStart());
        // every series exists (at 0) before the first run
        for (Direction d : plan.directions()) {
            for (BucketDiff.Kind kind : BucketDiff.Kind.values()) {
                counter(d, kind);
            }
        }
        Gauge.builder(MetricNames.SYNC_RESYNC_LAST_SUCCESS, lastSuccess, a -> a.get() / 1000.0)
                .description("When the last full sync run here ended with every difference queued")
                .register(registry);
    }

    /**
     * What is wrong with {@code syncmeter.sync.resync.*}, each naming its key; empty when nothing.
     * Checked at startup by {@link SyncEngine}, with the rest of {@code syncmeter.sync.*}.
     */
    static List<String> problems(SyncConfig.Resync resync) {
        List<String> problems = new ArrayList<>();
        Duration interval = resync.interval();
        if (!interval.isZero()
                && (interval.compareTo(Duration.ofMinutes(1)) < 0 || interval.compareTo(Duration.ofDays(30)) > 0)) {
            problems.add("syncmeter.sync.resync.interval: must be 0 (never) or from 1m to 30d, was "
                    + interval.toMillis() + " ms");
        }
        if (resync.parallelism() < 1 || resync.parallelism() > MAX_PARALLELISM) {
            problems.add("syncmeter.sync.resync.parallelism: must be from 1 to " + MAX_PARALLELISM + ", was "
                    + resync.parallelism());
        }
        return problems;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            thread.scheduleWithFixedDelay(
                    this::onSchedule, SCHEDULE_CHECK.toMillis(), SCHEDULE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    // the shard-0 owner runs the bootstrap run and the periodic ones, and retries them when they fail
    private void onSchedule() {
        try {
            if (ownership.generation(0).isEmpty()
                    || current.get() != null && current.get().running()) {
                return;
            }
            ResyncSchedule.Trigger trigger = schedule.due(System.currentTimeMillis());
            if (trigger != null) {
                start(Optional.empty(), Optional.empty(), trigger.word());
            }
        } catch (Busy | Invalid | RuntimeException e) {
            LOG.warnf("Scheduled full sync not started: %s", e.getMessage());
        }
    }

    /** The current run, or the last one; empty before the first. */
    public Optional<Report> last() {
        Run r = current.get();
        return r == null ? Optional.empty() : Optional.of(r.report());
    }

    /**
     * Starts a run.
     *
     * @param direction one direction ({@code dc1->dc2}) to compare, or all of them
     * @param prefix only keys under this prefix (which must lie within the configured prefixes)
     * @param trigger who asked: a word for the log and the report
     * @return the run as it starts
     * @throws Busy when a run is going on here
     * @throws Invalid when the direction is not replicated or the prefix is outside the configured ones
     */
    public Report start(Optional<String> direction, Optional<String> prefix, String trigger) throws Busy, Invalid {
        List<Direction> all = plan.directions();
        List<Direction> chosen = all;
        if (direction.isPresent()) {
            chosen = all.stream()
                    .filter(d -> d.toString().equals(direction.get().strip()))
                    .toList();
            if (chosen.isEmpty()) {
                throw new Invalid("direction '" + direction.get() + "' is not replicated; directions: " + all);
            }
        }
        List<String> prefixes = prefixes(prefix);
        Run run = new Run(UUID.randomUUID().toString(), trigger, prefixes, chosen);
        Run before = current.get();
        if (before != null && before.running()) {
            throw new Busy(before.id);
        }
        if (!current.compareAndSet(before, run)) {
            throw new Busy(current.get().id);
        }
        LOG.infof("Full sync %s (%s): directions %s, prefixes %s", run.id, trigger, chosen, prefixes);
        thread.execute(() -> execute(run));
        return run.report();
    }

    // the configured prefixes narrowed to the requested one; [""] for every key
    private List<String> prefixes(Optional<String> requested) throws Invalid {
        List<String> configured = config.prefixes().orElse(List.of());
        if (requested.isEmpty() || requested.get().isEmpty()) {
            return configured.isEmpty() ? List.of("") : List.copyOf(configured);
        }
        String r = requested.get();
        if (configured.isEmpty()) {
            return List.of(r);
        }
        List<String> within = new ArrayList<>();
        for (String c : configured) {
            if (r.startsWith(c)) {
                return List.of(r);
            }
            if (c.startsWith(r)) {
                within.add(c);
            }
        }
        if (within.isEmpty()) {
            throw new Invalid("prefix '" + r + "' is outside the replicated prefixes " + configured);
        }
        return within;
    }

    private void execute(Run run) {
        boolean scheduled = ResyncSchedule.Trigger.of(run.trigger) != null;
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicReference<Throwable> sendFailure = new AtomicReference<>();
        try {
            for (int i = 0; i < run.directions.size(); i++) {
                Direction d = run.directions.get(i);
                Site source = sites.require(d.source());
                Site target = sites.require(d.target());
                for (String prefix : run.prefixes) {
                    int at = i;
                    RangedDiff.Result result =
                            ranged.compare(new SiteListing(source, prefix), new SiteListing(target, prefix), diff -> {
                                counter(d, diff.kind()).increment();
                                ObjectChange change = new ObjectChange(
                                        d.source(),
                                        source.bucket(),
                                        diff.key(),
                                        diff.kind() == BucketDiff.Kind.EXTRA
                                                ? ObjectChange.Kind.REMOVED
                                                : ObjectChange.Kind.CREATED);
                                inFlight.acquireUninterruptibly();
                                CompletableFuture<Void> sent = changes.send(
                                        diff.key(), d.source(), ChangeTopic.withoutHints(change), null, "resync");
                                sent.whenComplete((v, e) -> {
                                    inFlight.release();
                                    if (e == null) {
                                        run.queued.incrementAndGet();
                                    } else {
                                        sendFailure.compareAndSet(null, e);
                                    }
                                });
                                run.seen(at, diff.kind());
                            });
                    run.listed(i, result);
                }
            }
            // every record on its way has landed (or failed)
            inFlight.acquireUninterruptibly(IN_FLIGHT);
            if (sendFailure.get() != null) {
                throw new IllegalStateException(
                        "differences could not be queued on the change topic: " + sendFailure.get(), sendFailure.get());
            }
            run.finish(State.DONE, null);
            lastSuccess.set(System.currentTimeMillis());
            if (scheduled) {
                schedule.ended(true, System.currentTimeMillis());
            }
            LOG.infof("Full sync %s done: %s", run.id, run.report().directions());
        } catch (RuntimeException e) {
            run.finish(State.FAILED, e.toString());
            if (scheduled) {
                schedule.ended(false, System.currentTimeMillis());
                LOG.errorf(
                        "Full sync %s failed: %s; retrying in %d s (failure %d in a row)",
                        run.id,
                        e.toString(),
                        schedule.backoff(schedule.failures()).toSeconds(),
                        schedule.failures());
            } else {
                LOG.errorf("Full sync %s failed: %s", run.id, e.toString());
            }
        }
    }

    private Counter counter(Direction d, BucketDiff.Kind kind) {
        return registry.counter(
                MetricNames.SYNC_RESYNC_DIFFERENCES,
                MetricNames.TAG_SOURCE_SITE,
                d.source(),
                MetricNames.TAG_TARGET_SITE,
                d.target(),
                MetricNames.TAG_KIND,
                kind.label());
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
        rangePool.shutdownNow();
    }

    /** One run's progress: written by the run's thread, read by anyone. */
    private static final class Run {
        private final String id;
        private final String trigger;
        private final List<String> prefixes;
        private final List<Direction> directions;
        private final Instant started = Instant.now();
        // one per direction, in the order of directions
        private final List<Tally> tallies;
        private final AtomicLong queued = new AtomicLong();
        private volatile State state = State.RUNNING;
        private volatile Instant finished;
        private volatile String error;

        Run(String id, String trigger, List<String> prefixes, List<Direction> directions) {
            this.id = id;
            this.trigger = trigger;
            this.prefixes = List.copyOf(prefixes);
            this.directions = List.copyOf(directions);
            this.tallies = directions.stream().map(d -> new Tally()).toList();
        }

        boolean running() {
            return state == State.RUNNING;
        }

        synchronized void seen(int direction, BucketDiff.Kind kind) {
            tallies.get(direction).seen(kind);
        }

        synchronized void listed(int direction, RangedDiff.Result c) {
            tallies.get(direction).listed(c);
        }

        void finish(State s, String why) {
            error = why;
            finished = Instant.now();
            state = s;
        }

        synchronized Report report() {
            List<DirectionReport> out = new ArrayList<>();
            for (int i = 0; i < directions.size(); i++) {
                out.add(tallies.get(i).report(directions.get(i)));
            }
            return new Report(id, state, trigger, prefixes, started, finished, out, queued.get(), error);
        }
    }

    /** What one direction's comparison counted so far: guarded by its run's lock. */
    private static final class Tally {
        private long listedSource;
        private long listedTarget;
        private long missing;
        private long differs;
        private long extra;
        private long ranges;

        void listed(RangedDiff.Result r) {
            listedSource += r.counts().source();
            listedTarget += r.counts().target();
            ranges += r.ranges();
        }

        void seen(BucketDiff.Kind kind) {
            switch (kind) {
                case MISSING -> missing++;
                case DIFFERS -> differs++;
                case EXTRA -> extra++;
            }
        }

        DirectionReport report(Direction d) {
            return new DirectionReport(
                    d.source(), d.target(), listedSource, listedTarget, missing, differs, extra, ranges);
        }
    }
}
