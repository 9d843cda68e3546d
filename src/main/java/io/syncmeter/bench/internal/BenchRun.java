package io.syncmeter.bench.internal;

import io.syncmeter.bench.RunStatus;
import io.syncmeter.bench.RunStatus.SiteProgress;
import io.syncmeter.bench.RunStatus.State;
import io.syncmeter.bench.WorkloadProfile;
import io.syncmeter.bench.WorkloadProfile.Load;
import io.syncmeter.bench.WorkloadProfile.Stop;
import io.syncmeter.site.Site;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.HdrHistogram.Histogram;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One benchmark run from start to end, at each of its sites in parallel: the prefill, the load
 * (warm-up, then the measured part), the cleanup of everything under the run's prefix — which runs
 * whatever happened before it, a cancel or a failure included — and the result files.
 *
 * <p>Threading: {@link #run()} once, on a thread of the caller's; it starts a thread per site for each
 * phase. {@link #cancel()}, {@link #state()} and {@link #progress()} from any thread.
 */
public final class BenchRun implements Runnable {

    private static final Logger LOG = Logger.getLogger(BenchRun.class);
    // a prefill of an open loop writes with this many requests in flight at most
    private static final int MAX_PREFILL_CONCURRENCY = 64;
    // how often a replication run lists each writer's prefix at each target: the lag's resolution
    private static final Duration WATCH_ROUND = Duration.ofMillis(250);

    /**
     * What the run's result records besides its figures, and whom it tells.
     *
     * @param party what it publishes on the runs' topic and whom it meets there; null for nothing
     */
    public record Context(
            String id, String syncmeterVersion, List<String> overrides, Path dir, Duration interval, RunParty party) {
        public Context {
            Objects.requireNonNull(id, "id");
            overrides = List.copyOf(overrides);
        }

        /** A run that publishes nothing. */
        public Context(String id, String syncmeterVersion, List<String> overrides, Path dir, Duration interval) {
            this(id, syncmeterVersion, overrides, dir, interval, null);
        }
    }

    private final WorkloadProfile profile;
    private final List<Site> sites;
    // the sites that apply the load: all of them, or in a replication run its writers
    private final List<Site> loadSites;
    private final List<ReplicationWatch.Direction> directions;
    private volatile ReplicationWatch watch;
    private volatile List<ReplicationWatch.DirectionResult> replication = List.of();
    private final Context context;
    private final Map<String, SiteProgress> progress = new ConcurrentHashMap<>();
    // each site's operations once the run built them, so a progress report can read the prefill's
    private volatile Map<String, SiteOperations> siteOps;
    private final Map<String, LoadLoop> loops = new ConcurrentHashMap<>();
    private final Map<String, SiteOperations.Cleanup> cleanups = new ConcurrentHashMap<>();
    private final List<Future<?>> prefills = new ArrayList<>();
    private volatile State state = State.PREFILLING;
    private volatile boolean cancelled;
    private volatile Instant started;
    private volatile Instant ended;
    private volatile String failure;

    public BenchRun(WorkloadProfile profile, List<Site> sites, Context context) {
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one site");
        }
        this.profile = profile;
        this.sites = List.copyOf(sites);
        this.context = context;
        this.loadSites = loadSites(profile, this.sites);
        this.directions = directions(profile, this.sites, context.id());
        loadSites.forEach(s -> progress.put(s.name(), SiteProgress.NONE));
    }

    /** The sites that apply the load: all of the run's, or in a replication run its writers. */
    static List<Site> loadSites(WorkloadProfile profile, List<Site> sites) {
        WorkloadProfile.Replication r = profile.replication();
        return sites.stream()
                .filter(s -> r.mode() == WorkloadProfile.ReplicationMode.NONE
                        || r.writers().isEmpty()
                        || r.writers().contains(s.name()))
                .toList();
    }

    /**
     * What a replication run watches: each writer to each target other than itself; none when the
     * profile does not measure replication.
     */
    public static List<ReplicationWatch.Direction> directions(WorkloadProfile profile, List<Site> sites, String runId) {
        WorkloadProfile.Replication r = profile.replication();
        if (r.mode() == WorkloadProfile.ReplicationMode.NONE) {
            return List.of();
        }
        List<ReplicationWatch.Direction> out = new ArrayList<>();
        for (Site writer : loadSites(profile, sites)) {
            for (Site target : sites) {
                if (!target.name().equals(writer.name())
                        && (r.targets().isEmpty() || r.targets().contains(target.name()))) {
                    out.add(new ReplicationWatch.Direction(
                            writer.name(),
                            target,
                            RunPrefix.of(runId, writer.name()).value()));
                }
            }
        }
        return List.copyOf(out);
    }

    public State state() {
        return state;
    }

    /** Each site's figures so far, in the sites' order. */
    public Map<String, SiteProgress> progress() {
        Map<String, SiteProgress> p = new LinkedHashMap<>();
        Map<String, SiteOperations> prefilling = state == State.PREFILLING ? siteOps : null;
        loadSites.forEach(s -> {
            SiteProgress now = progress.get(s.name());
            SiteOperations o = prefilling == null ? null : prefilling.get(s.name());
            p.put(s.name(), o == null ? now : now.withPrefilled(Math.max(now.prefilled(), o.prefilledSoFar())));
        });
        return p;
    }

    public Instant started() {
        return started;
    }

    public Instant ended() {
        return ended;
    }

    /** Why it failed; null unless it did. */
    public String failure() {
        return failure;
    }

    /**
     * Ends the run early: a prefill stops, the load ends (operations in flight finish), and the
     * cleanup and the result files follow as after any end. Idempotent.
     */
    public void cancel() {
        cancelled = true;
        loops.values().forEach(LoadLoop::cancel);
        ReplicationWatch w = watch;
        if (w != null) {
            w.stop();
        }
        synchronized (prefills) {
            prefills.forEach(f -> f.cancel(true));
        }
    }

    @Override
    public void run() {
        Map<String, SiteOperations> ops = new LinkedHashMap<>();
        long seed = context.id().hashCode();
        for (int i = 0; i < sites.size(); i++) {
            Site s = sites.get(i);
            ops.put(s.name(), new SiteOperations(profile, s, RunPrefix.of(context.id(), s.name()), seed * 31 + i));
        }
        siteOps = Map.copyOf(ops);
        Map<String, SiteOperations> loading = new LinkedHashMap<>();
        loadSites.forEach(s -> loading.put(s.name(), ops.get(s.name())));
        Map<String, String> servers = new LinkedHashMap<>();
        sites.forEach(s -> servers.put(s.name(), server(s)));
        Map<String, LoadLoop.Result> results = new LinkedHashMap<>();
        double cpuBefore = CpuTime.self().toNanos() / 1e9;
        Instant loadEnded = null;
        RunFiles files = RunFiles.create(context.dir());
        try {
            prefill(loading);
            if (!cancelled) {
                meet();
            }
            if (!cancelled) {
                startWatch(loading);
                state = State.RUNNING;
                results.putAll(load(loading, files));
                loadEnded = Instant.now();
                drain();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
        } catch (RuntimeException | ExecutionException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            failure = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            LOG.errorf(cause, "benchmark run %s failed", context.id());
        } finally {
            ReplicationWatch w = watch;
            if (w != null) {
                w.close();
            }
            state = State.CLEANING_UP;
            cleanup(ops);
        }
        double cpu = CpuTime.self().toNanos() / 1e9 - cpuBefore;
        boolean written = false;
        try {
            if (started != null) {
                files.writeResult(result(ops, servers, results, loadEnded == null ? Instant.now() : loadEnded, cpu));
                written = true;
            }
        } catch (RuntimeException e) {
            failure = failure != null ? failure : "cannot write the results: " + e.getMessage();
            LOG.errorf(e, "benchmark run %s: cannot write its results", context.id());
        } finally {
            files.close();
        }
        if (written) {
            report();
        }
        finishParty();
        ended = Instant.now();
        state = failure != null ? State.FAILED : cancelled ? State.CANCELLED : State.DONE;
    }

    // a party of a joint run: until the others are there, then until the joint start
    private void meet() throws InterruptedException {
        RunParty party = context.party();
        if (party == null) {
            return;
        }
        state = State.MEETING;
        Instant at = party.meet(() -> cancelled);
        while (at != null && !cancelled) {
            long wait = Duration.between(Instant.now(), at).toMillis();
            if (wait <= 0) {
                return;
            }
            Thread.sleep(Math.min(wait, 50));
        }
    }

    // the result to the runs' topic; a party of a joint run merges the others' with it. A joint result
    // that cannot be made fails the run: its own figures are there, but not what it was asked for
    private void finishParty() {
        RunParty party = context.party();
        if (party == null) {
            return;
        }
        if (party.joint() != null) {
            state = State.MERGING;
        }
        try {
            party.finish(context.dir(), failure != null ? failure : cancelled ? "cancelled" : null, () -> cancelled);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
        } catch (RuntimeException e) {
            failure = failure != null ? failure : e.getMessage();
            LOG.errorf("benchmark run %s: %s", context.id(), e.getMessage());
        }
    }

    /** The joint run this run is a party of; null for a run of its own. */
    public RunStatus.Joint joint() {
        return context.party() == null ? null : context.party().joint();
    }

    // after the files are closed: the page reads the result and the CSVs whole. A page that cannot be
    // written fails the run (its figures are there, but the run did not produce what it promises)
    private void report() {
        try {
            ReportPage.write(context.dir());
        } catch (IOException | RuntimeException e) {
            failure = failure != null ? failure : "cannot write " + ReportPage.FILE + ": " + e.getMessage();
            LOG.errorf(e, "benchmark run %s: cannot write its report page", context.id());
        }
    }

    // in a replication run: every PUT of a writer's load is looked for at its targets from now on
    private void startWatch(Map<String, SiteOperations> loading) {
        if (directions.isEmpty()) {
            return;
        }
        ReplicationWatch w = new ReplicationWatch(directions, WATCH_ROUND, System::nanoTime);
        loading.forEach((site, o) -> {
            o.onWritten((key, etag, ack) -> w.written(site, key, etag, ack));
            o.onDeleted(key -> w.deleted(site, key));
        });
        watch = w;
        w.start();
        if (cancelled) {
            w.stop();
        }
    }

    // after the load: until every object is seen at every target, or the drain timeout
    private void drain() throws InterruptedException {
        ReplicationWatch w = watch;
        if (w == null) {
            return;
        }
        state = State.DRAINING;
        replication = w.drain(System.nanoTime(), profile.replication().drainTimeout());
    }

    private void prefill(Map<String, SiteOperations> ops) throws InterruptedException, ExecutionException {
        if (profile.keys().prefill() == 0) {
            return;
        }
        int concurrency = profile.load() instanceof Load.ClosedLoop c
                ? c.concurrency()
                : Math.min(MAX_PREFILL_CONCURRENCY, ((Load.OpenLoop) profile.load()).maxInFlight());
        Map<String, SiteOperations.Prefill> done =
                perSite(ops, "prefill", (site, o) -> () -> o.prefill(concurrency), true);
        done.forEach((site, p) -> {
            progress.computeIfPresent(site, (k, old) -> old.withPrefilled(p.objects()));
            if (!p.errors().isEmpty()) {
                LOG.warnf("benchmark run %s: prefill at %s failed for some keys: %s", context.id(), site, p.errors());
            }
        });
    }

    private Map<String, LoadLoop.Result> load(Map<String, SiteOperations> ops, RunFiles files)
            throws InterruptedException, ExecutionException {
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        started = Instant.ofEpochMilli(startMillis);
        Optional<WorkloadProfile.Sweep> sweep = profile.replication().sweep();
        // a sweep's sites step together from one start, and the watch judges every step by it; any
        // other load keeps its own schedule (null)
        RateSchedule schedule = sweep.map(s -> RateSchedule.steps(profile.warmUp(), s.rates(), s.stepDuration()))
                .orElse(null);
        ReplicationWatch w = watch;
        if (w != null && sweep.isPresent()) {
            WorkloadProfile.Sweep s = sweep.get();
            w.sweep(new ReplicationWatch.Steps(
                    startNanos + profile.warmUp().toNanos(),
                    s.stepDuration().toNanos(),
                    s.rates(),
                    s.maxLag().toNanos() / 1e9));
        }
        return perSite(
                ops,
                "load",
                (site, o) -> {
                    LoadLoop loop = new LoadLoop(
                            profile.load(),
                            profile.stop(),
                            profile.warmUp(),
                            profile.autoTerminate().orElse(null),
                            o,
                            context.interval(),
                            schedule);
                    loops.put(site, loop);
                    if (cancelled) {
                        loop.cancel();
                    }
                    var recorder = files.recorder(site, startNanos, startMillis);
                    Totals totals = new Totals();
                    return () -> loop.run(startNanos, i -> {
                        recorder.accept(i);
                        progress.put(site, totals.add(i, startNanos, progress.get(site)));
                    });
                },
                false);
    }

    // the running totals of one site's intervals, on its sampling thread
    private final class Totals {
        long operations;
        long failed;

        SiteProgress add(RunStats.Interval i, long startNanos, SiteProgress last) {
            Histogram all = new Histogram(3);
            long bytes = 0;
            for (RunStats.Figures f : i.operations().values()) {
                operations += f.succeeded() + f.failed();
                failed += f.failed();
                bytes += f.bytes();
                all.add(f.latency());
            }
            operations += i.exceptions();
            failed += i.exceptions();
            double elapsed = (i.endNanos() - startNanos) / 1e9;
            double measured = Math.max(0, elapsed - profile.warmUp().toNanos() / 1e9);
            double seconds = Math.max((i.endNanos() - i.startNanos()) / 1e9, 1e-3);
            double done = profile.stop() instanceof Stop.AfterDuration d
                    ? measured / (d.duration().toNanos() / 1e9)
                    : (double) operations / ((Stop.AfterOperations) profile.stop()).operations();
            return new SiteProgress(
                    last.prefilled(),
                    elapsed < profile.warmUp().toNanos() / 1e9,
                    measured,
                    operations,
                    failed,
                    i.operationsPerSecond(),
                    bytes / seconds,
                    all.getTotalCount() == 0 ? 0 : all.getValueAtPercentile(99) / 1e9,
                    Math.min(1, done),
                    0);
        }
    }

    private void cleanup(Map<String, SiteOperations> ops) {
        // never cancelled: whatever ended the run, what it wrote goes
        ops.forEach((site, o) -> {
            try {
                SiteOperations.Cleanup c = o.cleanup();
                // the copies replication brought here of the writers' objects: the run's too
                for (ReplicationWatch.Direction d : directions) {
                    if (d.target().name().equals(site)) {
                        c = c.plus(o.cleanup(new RunPrefix(d.prefix())));
                    }
                }
                cleanups.put(site, c);
                SiteOperations.Cleanup done = c;
                progress.computeIfPresent(site, (k, p) -> p.withDeleted(done.deleted()));
            } catch (SdkException e) {
                String problem = "cleanup of " + o.prefix() + " at " + site + " failed: " + e.getMessage();
                failure = failure == null ? problem : failure + "; " + problem;
                LOG.error(problem, e);
            }
        });
    }

    private RunResult result(
            Map<String, SiteOperations> ops,
            Map<String, String> servers,
            Map<String, LoadLoop.Result> results,
            Instant end,
            double cpuSeconds) {
        List<RunResult.SiteInfo> infos = new ArrayList<>();
        Map<String, RunResult.SiteResult> figures = new LinkedHashMap<>();
        for (Site s : sites) {
            infos.add(new RunResult.SiteInfo(
                    s.name(),
                    s.endpoint().map(Object::toString).orElse("aws"),
                    s.bucket(),
                    ops.get(s.name()).prefix().value(),
                    servers.get(s.name())));
            LoadLoop.Result r = results.get(s.name());
            if (r != null) {
                figures.put(
                        s.name(),
                        RunResult.SiteResult.of(r, progress.get(s.name()).seconds())
                                .withCleanup(cleanups.get(s.name())));
            }
        }
        Runtime rt = Runtime.getRuntime();
        return new RunResult(
                RunResult.SCHEMA,
                context.syncmeterVersion(),
                RunFiles.describe(profile),
                context.overrides(),
                new RunResult.Environment(
                        infos,
                        new RunResult.Machine(
                                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                                        + System.getProperty("os.arch"),
                                System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                                rt.availableProcessors(),
                                rt.maxMemory(),
                                cpuSeconds)),
                started,
                end,
                figures,
                replication,
                List.of());
    }

    /** The server software a site names in its {@code Server} header, where it names one. */
    private static String server(Site s) {
        try {
            return s.s3().headBucket(b -> b.bucket(s.bucket()))
                    .sdkHttpResponse()
                    .firstMatchingHeader("Server")
                    .orElse(null);
        } catch (SdkException e) {
            return null;
        }
    }

    // runs a task per site, each on a thread of its own, and returns their values by site
    private <T> Map<String, T> perSite(
            Map<String, SiteOperations> ops,
            String phase,
            BiFunction<String, SiteOperations, Callable<T>> task,
            boolean cancellable)
            throws InterruptedException, ExecutionException {
        ExecutorService threads =
                Executors.newFixedThreadPool(ops.size(), r -> new Thread(r, "bench-" + phase + "-" + context.id()));
        try {
            Map<String, Future<T>> futures = new LinkedHashMap<>();
            ops.forEach((site, o) -> futures.put(site, threads.submit(task.apply(site, o))));
            if (cancellable) {
                synchronized (prefills) {
                    prefills.addAll(futures.values());
                    if (cancelled) {
                        futures.values().forEach(f -> f.cancel(true));
                    }
                }
            }
            Map<String, T> values = new LinkedHashMap<>();
            for (var e : futures.entrySet()) {
                try {
                    values.put(e.getKey(), e.getValue().get());
                } catch (CancellationException c) {
                    // cancelled: the caller sees cancelled and goes to the cleanup
                } catch (ExecutionException | InterruptedException x) {
                    // one site failed: the others stop too, before the cleanup deletes what they wrote
                    cancel();
                    throw x;
                }
            }
            return values;
        } finally {
            threads.shutdownNow();
            // the cleanup must not race a site still writing: its load ends its workers first
            if (!threads.awaitTermination(5, TimeUnit.MINUTES)) {
                LOG.warnf("benchmark run %s: the %s of a site did not end within 5 minutes", context.id(), phase);
            }
        }
    }
}
