package io.syncmeter.bench;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.syncmeter.bench.internal.BenchRun;
import io.syncmeter.bench.internal.RunComparison;
import io.syncmeter.bench.internal.RunEvent;
import io.syncmeter.bench.internal.RunParty;
import io.syncmeter.bench.internal.RunPrefix;
import io.syncmeter.bench.internal.RunTopic;
import io.syncmeter.bench.internal.WorkloadLoader;
import io.syncmeter.site.Site;
import io.syncmeter.site.SiteRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The benchmark runs of this process: what the command line's {@code bench} and the API's {@code
 * /api/runs} both start, follow and cancel. A run has a thread of its own; how many runs may share a
 * site is each profile's {@code max-runs-per-site}.
 *
 * <p>Every run publishes its status on {@code syncmeter.bench.topic} each interval (at least a second
 * apart) and once more when it ended, and its result ({@link RunParty}); a party of a joint run ({@link
 * JointRun}) also meets the others there and merges their results.
 *
 * <p>Lifecycle: the configuration is checked at startup; on shutdown every run still going is
 * cancelled and its cleanup awaited. The publishing thread starts with the first run. Thread-safe.
 */
@ApplicationScoped
public class BenchRuns {

    private static final Logger LOG = Logger.getLogger(BenchRuns.class);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** How long a shutdown waits for the runs it cancels to finish their cleanup. */
    static final Duration SHUTDOWN_WAIT = Duration.ofMinutes(2);

    private static final SecureRandom RANDOM = new SecureRandom();
    // how long a run's end waits for the broker to take its last status (the command line exits then)
    private static final Duration END_WAIT = Duration.ofSeconds(10);

    /** The run cannot start: a site it needs already runs as many runs as allowed. */
    public static final class Busy extends Exception {
        Busy(String message) {
            super(message);
        }
    }

    /** The run cannot start as asked: an unknown site, a profile the API may not name, a bad id. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private record Entry(
            String id,
            WorkloadProfile profile,
            List<String> overrides,
            List<String> sites,
            Instant created,
            Path dir,
            BenchRun run,
            Thread thread,
            JointRun joint) {}

    /** Where runs publish: {@code mp.messaging}'s Kafka connector's broker. */
    static final String BOOTSTRAP_KEY = "mp.messaging.connector.smallrye-kafka.bootstrap.servers";

    private final SiteRegistry registry;
    private final BenchConfig config;
    private final String version;
    // guarded by this; in the order the runs were started
    private final Map<String, Entry> runs = new LinkedHashMap<>();
    private final RunTopic topic;
    private final boolean sharedBroker;
    // guarded by this: the publishing thread, from the first run on; the ended runs published last
    private ScheduledExecutorService publisher;
    private final Set<String> publishedEnd = new HashSet<>();

    @Inject
    public BenchRuns(
            SiteRegistry registry,
            BenchConfig config,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = BOOTSTRAP_KEY) String bootstrap,
            @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> shared) {
        this.registry = registry;
        this.config = config;
        this.version = version;
        Map<String, Object> clients = new HashMap<>(kafka);
        clients.putIfAbsent("bootstrap.servers", bootstrap);
        this.topic = new RunTopic(clients, config.topic());
        this.sharedBroker = shared.isPresent() && !shared.get().isBlank();
    }

    void onStart(@Observes StartupEvent event) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid benchmark configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    static List<String> problems(BenchConfig config) {
        List<String> problems = new ArrayList<>();
        Duration i = config.interval();
        if (i.compareTo(Duration.ofMillis(100)) < 0 || i.compareTo(Duration.ofMinutes(1)) > 0) {
            problems.add("syncmeter.bench.interval: " + i + " is outside 100ms to 1m");
        }
        if (config.keepEnded() < 1 || config.keepEnded() > 10_000) {
            problems.add("syncmeter.bench.keep-ended: " + config.keepEnded() + " is outside 1 to 10000");
        }
        if (config.topic().isBlank()) {
            problems.add("syncmeter.bench.topic: must not be empty");
        }
        Duration j = config.joinTimeout();
        if (j.compareTo(Duration.ofSeconds(10)) < 0 || j.compareTo(Duration.ofHours(24)) > 0) {
            problems.add("syncmeter.bench.join-timeout: " + j + " is outside 10s to 24h");
        }
        return problems;
    }

    /**
     * A shipped (or {@code probes/}) workload profile by its name, with overrides: what the API may
     * start. Names only, never paths, so a request cannot make the service read an arbitrary file.
     *
     * @throws WorkloadProfileException naming the file, line and field of each problem
     * @throws Invalid when the name is not a profile name
     */
    public WorkloadProfile named(String name, List<String> overrides) throws Invalid {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,99}") || name.endsWith(".yaml")) {
            throw new Invalid("profile must be the name of a workload profile in probes/ (lower-case letters,"
                    + " digits, '.', '_', '-'; no path, no .yaml), was " + name);
        }
        return WorkloadLoader.load(name, overrides);
    }

    /**
     * Starts a run of {@code profile} at its sites (every configured site when it names none).
     *
     * @param overrides the overrides the profile was loaded with, recorded in the result
     * @param dir where its results go; empty for {@code syncmeter.bench.results-dir/<id>}
     * @throws Busy when a site already runs as many runs as it, or this profile, allows
     * @throws Invalid when the profile names a site that is not configured
     */
    public RunStatus start(WorkloadProfile profile, List<String> overrides, Optional<Path> dir) throws Busy, Invalid {
        return start(profile, overrides, dir, Optional.empty());
    }

    /**
     * Starts a run, as one party of a joint run when {@code joint} is given (its party named by the
     * run's id when it names none).
     *
     * @throws Invalid also when the joint run's values are not valid, or there is no shared broker to
     *     meet on ({@code kafka.bootstrap.servers} unset: the embedded broker is this process's own)
     */
    public RunStatus start(
            WorkloadProfile profile, List<String> overrides, Optional<Path> dir, Optional<JointRun> joint)
            throws Busy, Invalid {
        List<Site> sites = sites(profile);
        String id = ID_TIME.format(Instant.now()) + "-"
                + HexFormat.of().toHexDigits(RANDOM.nextInt()).substring(2);
        requireTargets(profile, sites, id);
        RunPrefix.of(id, sites.get(0).name()); // the id is safe as a key folder
        JointRun j = joint.map(x -> x.withPartyIfNone(id)).orElse(null);
        if (j != null) {
            List<String> problems = JointRun.problems(j.name(), j.party(), j.parties());
            if (!problems.isEmpty()) {
                throw new Invalid(String.join("; ", problems));
            }
            if (!sharedBroker || !config.publish()) {
                throw new Invalid("a joint run meets its other parties on a Kafka broker they share: set"
                        + " kafka.bootstrap.servers (the embedded broker is this process's own), and leave"
                        + " syncmeter.bench.publish on");
            }
        }
        Path out = dir.orElse(config.resultsDir().resolve(id));
        List<String> names = sites.stream().map(Site::name).toList();
        RunParty party = !config.publish()
                ? null
                : j == null
                        ? RunParty.solo(topic, id, profile.name())
                        : RunParty.joint(topic, id, profile.name(), j, config.joinTimeout());
        BenchRun run = new BenchRun(
                profile, sites, new BenchRun.Context(id, version, overrides, out, config.interval(), party));
        // its last status is published as it ends, before anyone who waits for its thread goes on (the
        // command line exits then, and the embedded broker with it)
        Thread thread = new Thread(
                () -> {
                    try {
                        run.run();
                    } finally {
                        publishEnd(id);
                    }
                },
                "bench-run-" + id);
        thread.setDaemon(true);
        synchronized (this) {
            for (String site : names) {
                List<Entry> sharing = runs.values().stream()
                        .filter(e -> !e.run().state().ended() && e.sites().contains(site))
                        .toList();
                int allowed = sharing.stream()
                        .mapToInt(e -> e.profile().maxRunsPerSite())
                        .reduce(profile.maxRunsPerSite(), Math::min);
                if (sharing.size() + 1 > allowed) {
                    throw new Busy("site " + site + " already runs " + sharing.size() + " benchmark run(s) ("
                            + String.join(", ", sharing.stream().map(Entry::id).toList()) + ") and "
                            + allowed + " at a time are allowed (max-runs-per-site)");
                }
            }
            Entry e = new Entry(id, profile, List.copyOf(overrides), names, Instant.now(), out, run, thread, j);
            runs.put(id, e);
            forgetOldEnded();
            thread.start();
            startPublishing();
            LOG.infof("benchmark run %s of profile %s at %s started; results in %s", id, profile.name(), names, out);
            return status(e);
        }
    }

    // a replication run measures at least one site besides its writers
    private static void requireTargets(WorkloadProfile profile, List<Site> sites, String id) throws Invalid {
        WorkloadProfile.Replication r = profile.replication();
        if (r.mode() == WorkloadProfile.ReplicationMode.NONE) {
            return;
        }
        List<String> names = sites.stream().map(Site::name).toList();
        List<String> writers = r.writers().isEmpty() ? names : r.writers();
        for (String w : writers) {
            if (!names.contains(w)) {
                throw new Invalid("profile " + profile.name() + ": replication.writers names " + w
                        + ", which the run does not use (its sites: " + String.join(", ", names) + ")");
            }
        }
        // the directions the run itself would watch: none means nothing to measure at
        if (BenchRun.directions(profile, sites, id).isEmpty()) {
            throw new Invalid("profile " + profile.name() + ": replication is measured at a site besides the"
                    + " writers, and the run has none (sites: " + String.join(", ", names) + "; writers: "
                    + String.join(", ", writers) + ")");
        }
    }

    private List<Site> sites(WorkloadProfile profile) throws Invalid {
        List<String> wanted = profile.sites().names();
        if (wanted.isEmpty()) {
            List<Site> all = registry.all();
            if (all.isEmpty()) {
                throw new Invalid("no site is configured");
            }
            return all;
        }
        List<Site> sites = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : wanted) {
            registry.find(name).ifPresentOrElse(sites::add, () -> unknown.add(name));
        }
        if (!unknown.isEmpty()) {
            TreeSet<String> known = new TreeSet<>();
            registry.all().forEach(s -> known.add(s.name()));
            throw new Invalid("profile " + profile.name() + " names site(s) not configured here: "
                    + String.join(", ", unknown) + " (configured: " + String.join(", ", known) + ")");
        }
        return sites;
    }

    // guarded by this
    private void startPublishing() {
        if (publisher != null || !config.publish()) {
            return;
        }
        publisher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-run-progress");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1000, config.interval().toMillis());
        publisher.scheduleWithFixedDelay(this::publishProgress, every, every, TimeUnit.MILLISECONDS);
    }

    // every run going
    private void publishProgress() {
        List<Entry> due;
        synchronized (this) {
            due = runs.values().stream()
                    .filter(e -> !publishedEnd.contains(e.id()))
                    .toList();
        }
        for (Entry e : due) {
            RunStatus s = status(e);
            if (!s.state().ended()) {
                topic.publish(progress(e, s));
            }
        }
    }

    // a run's last status, once: waits (a while at most) until the broker has it and what came before
    private void publishEnd(String id) {
        Entry e;
        synchronized (this) {
            e = runs.get(id);
            if (e == null || !config.publish() || !publishedEnd.add(id)) {
                return;
            }
        }
        try {
            topic.publishAndWait(progress(e, status(e)), END_WAIT);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException x) {
            LOG.warnf("benchmark run %s: its last status was not published: %s", id, x.getMessage());
        }
    }

    private static RunEvent progress(Entry e, RunStatus s) {
        JointRun j = e.joint();
        return new RunEvent(
                RunEvent.SCHEMA,
                RunEvent.PROGRESS,
                e.id(),
                j == null ? null : j.name(),
                j == null ? null : j.party(),
                j == null ? 0 : j.parties(),
                e.profile().name(),
                Instant.now(),
                s,
                null,
                null,
                null);
    }

    // guarded by this
    private void forgetOldEnded() {
        List<String> ended = runs.values().stream()
                .filter(e -> e.run().state().ended())
                .map(Entry::id)
                .toList();
        for (int i = 0; i < ended.size() - config.keepEnded(); i++) {
            runs.remove(ended.get(i));
            publishedEnd.remove(ended.get(i));
        }
    }

    /** The run of that id, while it is listed. */
    public synchronized Optional<RunStatus> find(String id) {
        return Optional.ofNullable(runs.get(id)).map(BenchRuns::status);
    }

    /** Every listed run, the newest first. */
    public synchronized List<RunStatus> list() {
        List<RunStatus> all =
                new ArrayList<>(runs.values().stream().map(BenchRuns::status).toList());
        java.util.Collections.reverse(all);
        return all;
    }

    /** Cancels the run of that id (its cleanup still runs); empty when not listed. */
    public Optional<RunStatus> cancel(String id) {
        Entry e;
        synchronized (this) {
            e = runs.get(id);
        }
        if (e == null) {
            return Optional.empty();
        }
        e.run().cancel();
        return Optional.of(status(e));
    }

    /**
     * A hold on the run of that id that outlives its listing and this bean: the command line follows
     * its run with it while a shutdown destroys the bean. Empty when not listed.
     */
    public synchronized Optional<Watch> watch(String id) {
        return Optional.ofNullable(runs.get(id)).map(Watch::new);
    }

    /** One run, followed from any thread: its status, and a wait for its end. */
    public static final class Watch {
        private final Entry entry;

        private Watch(Entry entry) {
            this.entry = entry;
        }

        /** The run as it stands. */
        public RunStatus status() {
            return BenchRuns.status(entry);
        }

        /** Waits for the run to end, at most {@code timeout}; its status then. */
        public RunStatus await(Duration timeout) throws InterruptedException {
            entry.thread().join(Math.max(1, timeout.toMillis()));
            return status();
        }

        /** Ends the run early; its cleanup still runs. */
        public void cancel() {
            entry.run().cancel();
        }
    }

    /**
     * The comparison of two listed runs' results, per site, operation and measure.
     *
     * @throws Invalid when a run is not listed or has no result yet
     */
    public List<RunComparison.Row> compare(String a, String b) throws Invalid, IOException {
        return RunComparison.compare(resultOf(a), resultOf(b));
    }

    private Path resultOf(String id) throws Invalid {
        Entry e;
        synchronized (this) {
            e = runs.get(id);
        }
        if (e == null) {
            throw new Invalid("no run " + id + " is listed here");
        }
        Path result = e.dir().resolve("result.json");
        if (!e.run().state().ended() || !Files.exists(result)) {
            throw new Invalid("run " + id + " has no result yet ("
                    + e.run().state().name().toLowerCase() + ")");
        }
        return result;
    }

    @PreDestroy
    void stop() {
        List<Entry> going;
        synchronized (this) {
            going = runs.values().stream().filter(e -> !e.run().state().ended()).toList();
        }
        going.forEach(e -> {
            LOG.infof("benchmark run %s cancelled by the shutdown; cleaning up", e.id());
            e.run().cancel();
        });
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        for (Entry e : going) {
            try {
                e.thread().join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                return;
            }
            if (e.thread().isAlive()) {
                LOG.warnf("benchmark run %s did not finish its cleanup within %s", e.id(), SHUTDOWN_WAIT);
            }
        }
        ScheduledExecutorService p;
        synchronized (this) {
            p = publisher;
        }
        if (p != null) {
            p.shutdownNow();
        }
        topic.close();
    }

    private static RunStatus status(Entry e) {
        BenchRun r = e.run();
        return new RunStatus(
                e.id(),
                e.profile().name(),
                e.overrides(),
                r.state(),
                e.sites(),
                e.created(),
                r.started(),
                r.ended(),
                e.dir().toString(),
                r.progress(),
                r.failure(),
                r.joint());
    }
}
