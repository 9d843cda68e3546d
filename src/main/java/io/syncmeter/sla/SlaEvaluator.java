package io.syncmeter.sla;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.syncmeter.collector.ProbeListener;
import io.syncmeter.collector.ProbeOverdue;
import io.syncmeter.collector.ProbeResult;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.probe.ActiveProfile;
import io.syncmeter.probe.ProbeAttempt;
import io.syncmeter.probe.ProbeWriteListener;
import io.syncmeter.rejected.RejectedEvents;
import io.syncmeter.site.Site;
import io.syncmeter.site.SiteRegistry;
import io.syncmeter.sla.internal.Judge;
import io.syncmeter.sla.internal.ObjectiveResolver;
import io.syncmeter.sla.internal.SeriesState;
import io.syncmeter.sla.internal.StateRecord;
import io.syncmeter.sla.internal.StateStore;
import io.syncmeter.sla.internal.ThresholdEventLog;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Evaluates the declared objectives live. It receives the collector's decisions ({@link
 * ProbeListener}) and the probe writers' ({@link ProbeWriteListener}), judges each probe once per
 * objective and direction (good, or bad the moment it is known to be), counts it in this instance's
 * per-minute state, and publishes that state to a compacted Kafka topic that every instance reads
 * back, so the figures cover every instance and survive restarts. Threshold events go to the SLA
 * events topic and to the log.
 *
 * <p>Lifecycle: objectives are resolved and validated in {@link PostConstruct} (forced at {@link
 * StartupEvent}, so a bad declaration fails startup naming the key; the collector also asks for the
 * thresholds when it starts); the state topic is read back from {@link StartupEvent}; the last counts
 * are written on {@link ShutdownEvent}, before the Kafka clients and the embedded broker stop.
 *
 * <p>Threading: the listener methods run on the collector's and writers' threads and only count in
 * memory; one scheduler thread recomputes the figures and writes the state; the state topic has its
 * own reader thread. Everything here is thread-safe.
 */
@ApplicationScoped
public class SlaEvaluator implements ProbeListener, ProbeWriteListener {

    private static final Logger LOG = Logger.getLogger(SlaEvaluator.class);
    static final String BOOTSTRAP_KEY = "mp.messaging.connector.smallrye-kafka.bootstrap.servers";

    private final SlaConfig config;
    private final ActiveProfile profile;
    private final SiteRegistry sites;
    private final MeterRegistry registry;
    private final RejectedEvents rejected;
    private final Emitter<String> events;
    private final ObjectMapper json;
    private final Map<String, Object> kafka;
    private final Config rawConfig;
    private final String instance;

    private volatile List<Objective> objectives = List.of();
    private volatile Judge judge;
    /** Objective name → scope → series. */
    private final Map<String, Map<Scope, Series>> series = new LinkedHashMap<>();

    private ThresholdEventLog eventLog;
    private StateStore store;
    private ScheduledExecutorService scheduler;
    private volatile boolean evaluating;

    @Inject
    public SlaEvaluator(
            SlaConfig config,
            ActiveProfile profile,
            SiteRegistry sites,
            MeterRegistry registry,
            RejectedEvents rejected,
            @Channel("sla-events-out") Emitter<String> events,
            ObjectMapper json,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            Config rawConfig) {
        this.config = config;
        this.profile = profile;
        this.sites = sites;
        this.registry = registry;
        this.rejected = rejected;
        this.events = events;
        this.json = json;
        this.kafka = kafka;
        this.rawConfig = rawConfig;
        this.instance =
                "i" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    @PostConstruct
    void init() {
        if (!config.enabled()) {
            return;
        }
        validateSettings();
        List<String> siteNames = sites.all().stream().map(Site::name).toList();
        objectives = ObjectiveResolver.resolve(
                config.objectives(),
                new ObjectiveResolver.Context(siteNames, profile.get().giveUp()));
        eventLog = new ThresholdEventLog(config.logEventsPerMinute());
        for (Objective o : objectives) {
            registerObjectiveMeters(o);
            Map<Scope, Series> byScope = new LinkedHashMap<>();
            for (Scope s : o.scopes()) {
                byScope.put(s, new Series(o, s));
            }
            series.put(o.name(), byScope);
        }
        judge = new Judge(objectives, new Sink());
    }

    private void validateSettings() {
        List<String> problems = new ArrayList<>();
        positive(problems, "syncmeter.sla.flush-interval", config.flushInterval());
        positive(problems, "syncmeter.sla.evaluation-interval", config.evaluationInterval());
        positive(problems, "syncmeter.sla.restore-timeout", config.restoreTimeout());
        for (Duration w : config.burnRateWindows()) {
            if (w.compareTo(Duration.ofMinutes(1)) < 0 || w.toSeconds() % 60 != 0) {
                problems.add(
                        "syncmeter.sla.burn-rate-windows: " + w + " is not a whole number of minutes (at least 1m)");
            }
        }
        if (config.worstOffenders() < 0 || config.worstOffenders() > 1000) {
            problems.add("syncmeter.sla.worst-offenders: must be from 0 to 1000, was " + config.worstOffenders());
        }
        if (config.logEventsPerMinute() < 0) {
            problems.add("syncmeter.sla.log-events-per-minute: must be 0 or more, was " + config.logEventsPerMinute());
        }
        if (config.stateTopic().isBlank()) {
            problems.add("syncmeter.sla.state-topic: must not be empty");
        }
        if (!problems.isEmpty()) {
            throw new io.syncmeter.sla.internal.InvalidSlaConfigurationException(problems);
        }
    }

    private static void positive(List<String> problems, String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            problems.add(key + ": must be positive, was " + d);
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("SLA evaluation is off (syncmeter.sla.enabled=false)");
            return;
        }
        Map<String, Object> clients = new HashMap<>(kafka);
        clients.putIfAbsent("bootstrap.servers", rawConfig.getValue(BOOTSTRAP_KEY, String.class));
        Duration longest = objectives.stream()
                .map(Objective::period)
                .max(Duration::compareTo)
                .orElse(Duration.ofDays(1));
        store = new StateStore(
                clients,
                config.stateTopic(),
                longest.plus(Duration.ofDays(2)),
                config.createStateTopic(),
                json,
                this::restore,
                (key, value, reason, detail) -> rejected.reject(config.stateTopic(), key, value, reason, detail));
        store.start();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sla-evaluation");
            t.setDaemon(true);
            return t;
        });
        long startedAt = System.nanoTime();
        scheduler.execute(() -> awaitRestoreThenEvaluate(startedAt));
        scheduler.scheduleWithFixedDelay(
                this::flushQuietly,
                config.flushInterval().toNanos(),
                config.flushInterval().toNanos(),
                TimeUnit.NANOSECONDS);
        scheduler.scheduleWithFixedDelay(
                this::evaluateQuietly,
                config.evaluationInterval().toNanos(),
                config.evaluationInterval().toNanos(),
                TimeUnit.NANOSECONDS);
        for (Objective o : objectives) {
            LOG.infof("SLA objective %s (%s): %s", o.name(), o.kind().label(), o.description());
        }
    }

    private void awaitRestoreThenEvaluate(long startedAt) {
        try {
            if (!store.awaitRestored(config.restoreTimeout())) {
                LOG.warnf(
                        "SLA state not restored from %s within %s: figures cover this run only until it is",
                        config.stateTopic(), config.restoreTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        evaluating = true;
        evaluateQuietly();
        LOG.debugf("SLA evaluation started %d ms after startup", (System.nanoTime() - startedAt) / 1_000_000);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler == null) {
            return;
        }
        // the last counts, on the scheduler thread, waited for at most a few seconds: with the broker
        // unreachable a send blocks, and stopping must stay quick (what is not written is lost, as
        // in a crash: at most one flush interval of this instance's counts)
        java.util.concurrent.Future<?> last = scheduler.submit(this::flushQuietly);
        scheduler.shutdown();
        try {
            last.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warnf("The last SLA counts were not written within 5 s: %s", e.toString());
        }
        store.close();
    }

    // ---- listener contracts ----

    @Override
    public Set<java.time.Duration> thresholds() {
        Set<Duration> out = new TreeSet<>();
        for (Objective o : objectives) {
            if (o.threshold() != null) {
                out.add(o.threshold());
            }
        }
        return out;
    }

    @Override
    public void resolved(ProbeResult result) {
        Judge j = judge;
        if (j != null) {
            j.resolved(result);
        }
    }

    @Override
    public void overdue(ProbeOverdue overdue) {
        Judge j = judge;
        if (j != null) {
            j.overdue(overdue);
        }
    }

    @Override
    public void attempted(ProbeAttempt attempt) {
        Judge j = judge;
        if (j != null) {
            j.attempted(attempt);
        }
    }

    // ---- reporting ----

    /** Whether objectives are evaluated here. */
    public boolean enabled() {
        return config.enabled();
    }

    /** The objectives in force, in name order. */
    public List<Objective> objectives() {
        return objectives;
    }

    /** Whether the state written before this instance started has been read back. */
    public boolean restored() {
        return store != null && store.restored();
    }

    /** Whether the startup read-back of the state is over (done, or its time ran out). */
    public boolean ready() {
        return !config.enabled() || evaluating;
    }

    /** The figures now, over every instance. */
    public SlaReport report() {
        Instant now = Instant.now();
        List<SlaReport.ObjectiveReport> out = new ArrayList<>();
        for (Objective o : objectives) {
            List<SlaReport.SeriesReport> rows = new ArrayList<>();
            for (Series s : series.get(o.name()).values()) {
                rows.add(s.report(now));
            }
            out.add(new SlaReport.ObjectiveReport(
                    o.name(),
                    o.kind().label(),
                    o.description(),
                    o.target(),
                    o.threshold() == null ? null : seconds(o.threshold()),
                    seconds(o.period()),
                    rows));
        }
        return new SlaReport(now, config.enabled(), restored(), instance, out);
    }

    // ---- internals ----

    private void restore(StateRecord r) {
        Map<Scope, Series> byScope = series.get(r.objective());
        if (byScope == null) {
            return; // an objective no longer declared
        }
        Series s = byScope.get(new Scope(r.sourceSite(), r.targetSite() == null ? "" : r.targetSite()));
        if (s != null) {
            s.state.replace(r);
        }
    }

    private void flushQuietly() {
        try {
            Instant now = Instant.now();
            for (Map<Scope, Series> byScope : series.values()) {
                for (Series s : byScope.values()) {
                    store.publish(
                            s.state.drainChanged(s.objective.name(), s.scope.sourceSite(), s.scope.targetSite(), now),
                            failed -> s.state.markChanged(failed.hour()));
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Writing the SLA state failed");
        }
    }

    private void evaluateQuietly() {
        if (!evaluating) {
            return;
        }
        try {
            Instant now = Instant.now();
            Duration longest = Duration.ZERO;
            for (Objective o : objectives) {
                longest = o.period().compareTo(longest) > 0 ? o.period() : longest;
            }
            for (Duration w : config.burnRateWindows()) {
                longest = w.compareTo(longest) > 0 ? w : longest;
            }
            for (Map<Scope, Series> byScope : series.values()) {
                for (Series s : byScope.values()) {
                    s.evaluate(now);
                    s.state.prune(now.minus(longest));
                }
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: say so loudly, keep evaluating
            LOG.errorf(e, "Evaluating the SLA objectives failed");
        }
    }

    private void registerObjectiveMeters(Objective o) {
        Gauge.builder(MetricNames.SLA_OBJECTIVE_TARGET, o, Objective::target)
                .baseUnit("ratio")
                .tag(MetricNames.TAG_OBJECTIVE, o.name())
                .tag(MetricNames.TAG_KIND, o.kind().label())
                .description("The share of good events an objective promises")
                .register(registry);
        Gauge.builder(MetricNames.SLA_OBJECTIVE_PERIOD, o, x -> seconds(x.period()))
                .baseUnit("seconds")
                .tag(MetricNames.TAG_OBJECTIVE, o.name())
                .tag(MetricNames.TAG_KIND, o.kind().label())
                .description("An objective's compliance period")
                .register(registry);
        if (o.threshold() != null) {
            Gauge.builder(MetricNames.SLA_OBJECTIVE_THRESHOLD, o, x -> seconds(x.threshold()))
                    .baseUnit("seconds")
                    .tag(MetricNames.TAG_OBJECTIVE, o.name())
                    .tag(MetricNames.TAG_KIND, o.kind().label())
                    .description("An objective's lag threshold")
                    .register(registry);
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String window(Duration d) {
        return ObjectiveResolver.human(d);
    }

    /** The minutes of a window of that length ending now: the current minute and the ones before. */
    private static Instant windowStart(Instant now, Duration length) {
        return now.truncatedTo(ChronoUnit.MINUTES).minus(length).plusSeconds(60);
    }

    /** The figures gauges export, recomputed by {@link #evaluateQuietly}. */
    private record Figures(double compliance, double budgetRemaining, Map<String, Double> burnRates) {
        static final Figures NONE = new Figures(Double.NaN, Double.NaN, Map.of());
    }

    /** One objective's series: its state, counters and gauges. */
    private final class Series {
        final Objective objective;
        final Scope scope;
        final SeriesState state;
        final Counter good;
        final Counter total;
        final Map<String, Counter> thresholdEvents = new HashMap<>();
        volatile Figures figures = Figures.NONE;

        Series(Objective objective, Scope scope) {
            this.objective = objective;
            this.scope = scope;
            this.state = new SeriesState(instance, config.worstOffenders());
            this.good = counter(MetricNames.SLA_GOOD_EVENTS, "Good events of an objective, decided here");
            this.total = counter(MetricNames.SLA_EVENTS, "All events of an objective, decided here");
            if (objective.kind() == ObjectiveKind.REPLICATION) {
                for (io.syncmeter.sla.ThresholdEvent.Type t : io.syncmeter.sla.ThresholdEvent.Type.values()) {
                    thresholdEvents.put(
                            t.label(),
                            Counter.builder(MetricNames.SLA_THRESHOLD_EVENTS)
                                    .tag(MetricNames.TAG_OBJECTIVE, objective.name())
                                    .tag(MetricNames.TAG_SOURCE_SITE, scope.sourceSite())
                                    .tag(MetricNames.TAG_TARGET_SITE, scope.targetSite())
                                    .tag(MetricNames.TAG_TYPE, t.label())
                                    .description("Threshold events of a replication objective, published here")
                                    .register(registry));
                }
            }
            gauge(
                    MetricNames.SLA_COMPLIANCE,
                    "ratio",
                    "Good events over all events in the period, every instance",
                    f -> f.compliance);
            gauge(
                    MetricNames.SLA_ERROR_BUDGET_REMAINING,
                    "ratio",
                    "Share of the period's error budget left (below 0: overspent), every instance",
                    f -> f.budgetRemaining);
            for (Duration w : config.burnRateWindows()) {
                String label = window(w);
                Gauge.builder(MetricNames.SLA_BURN_RATE, this, s -> s.figures.burnRates.getOrDefault(label, Double.NaN))
                        .tags(tags())
                        .tag(MetricNames.TAG_WINDOW, label)
                        .description("Bad share over the window divided by the allowed bad share, every instance")
                        .register(registry);
            }
        }

        private Counter counter(String name, String description) {
            return Counter.builder(name).tags(tags()).description(description).register(registry);
        }

        private void gauge(
                String name, String unit, String description, java.util.function.ToDoubleFunction<Figures> f) {
            Gauge.builder(name, this, s -> f.applyAsDouble(s.figures))
                    .baseUnit(unit)
                    .tags(tags())
                    .description(description)
                    .register(registry);
        }

        private List<io.micrometer.core.instrument.Tag> tags() {
            return List.of(
                    io.micrometer.core.instrument.Tag.of(MetricNames.TAG_OBJECTIVE, objective.name()),
                    io.micrometer.core.instrument.Tag.of(MetricNames.TAG_SOURCE_SITE, scope.sourceSite()),
                    io.micrometer.core.instrument.Tag.of(MetricNames.TAG_TARGET_SITE, scope.targetSite()));
        }

        void evaluate(Instant now) {
            long[] period = state.sum(windowStart(now, objective.period()), now);
            Map<String, Double> burn = new LinkedHashMap<>();
            for (Duration w : config.burnRateWindows()) {
                long[] sums = state.sum(windowStart(now, w), now);
                burn.put(window(w), burnRate(sums));
            }
            figures = new Figures(compliance(period), budgetRemaining(period), Map.copyOf(burn));
        }

        private double compliance(long[] sums) {
            return sums[1] == 0 ? Double.NaN : (double) sums[0] / sums[1];
        }

        private double budgetRemaining(long[] sums) {
            double allowed = objective.errorBudgetRatio() * sums[1];
            long bad = sums[1] - sums[0];
            if (bad == 0) {
                return 1.0;
            }
            return 1.0 - bad / allowed;
        }

        private double burnRate(long[] sums) {
            if (sums[1] == 0) {
                return 0.0;
            }
            return ((double) (sums[1] - sums[0]) / sums[1]) / objective.errorBudgetRatio();
        }

        /** The window's worst, with the probes still awaited past the threshold here (not yet in the state). */
        private List<Offender> worst(Instant start, Instant now) {
            List<Offender> all = new ArrayList<>(state.worst(start, now.plusMillis(1), config.worstOffenders()));
            Set<String> known = new java.util.HashSet<>();
            all.forEach(o -> known.add(o.probeKey()));
            for (Offender o : judge.missed(objective, scope)) {
                if (known.add(o.probeKey())) {
                    all.add(o);
                }
            }
            all.sort(Offender.WORST_FIRST);
            return List.copyOf(all.subList(0, Math.min(config.worstOffenders(), all.size())));
        }

        SlaReport.SeriesReport report(Instant now) {
            Instant start = windowStart(now, objective.period());
            long[] sums = state.sum(start, now);
            Map<String, Double> burn = new LinkedHashMap<>();
            for (Duration w : config.burnRateWindows()) {
                burn.put(window(w), burnRate(state.sum(windowStart(now, w), now)));
            }
            long bad = sums[1] - sums[0];
            Double compliance = sums[1] == 0 ? null : (double) sums[0] / sums[1];
            String status = compliance == null ? "no-data" : compliance >= objective.target() ? "met" : "breached";
            return new SlaReport.SeriesReport(
                    scope.isDirection() ? scope.sourceSite() : null,
                    scope.isDirection() ? scope.targetSite() : null,
                    scope.isDirection() ? null : scope.sourceSite(),
                    new SlaReport.Window(start, now, state.firstEventSince(start, now)),
                    sums[0],
                    sums[1],
                    bad,
                    compliance,
                    new SlaReport.ErrorBudget(objective.errorBudgetRatio() * sums[1], bad, budgetRemaining(sums)),
                    burn,
                    status,
                    worst(start, now));
        }
    }

    /** Where the judge's decisions go: this instance's state, the counters, the events topic and the log. */
    private final class Sink implements Judge.Sink {
        @Override
        public void counted(Objective objective, Scope scope, boolean isGood, Instant at, Offender offender) {
            Series s = series.get(objective.name()).get(scope);
            s.state.count(at, isGood, offender);
            s.total.increment();
            if (isGood) {
                s.good.increment();
            }
        }

        @Override
        public void offended(Objective objective, Scope scope, Instant at, Offender offender) {
            series.get(objective.name()).get(scope).state.offer(at, offender);
        }

        @Override
        public void event(Objective objective, ThresholdEvent e) {
            Series s = series.get(objective.name()).get(new Scope(e.sourceSite(), e.targetSite()));
            Counter c = s.thresholdEvents.get(e.type());
            if (c != null) {
                c.increment();
            }
            eventLog.log(e);
            String body;
            try {
                body = json.writeValueAsString(e);
            } catch (Exception ex) {
                throw new IllegalStateException("ThresholdEvent did not serialise", ex);
            }
            events.send(Message.of(body)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                            .withKey(objective.name())
                            .build())
                    .withNack(ex -> {
                        LOG.debugf("Threshold event not published: %s", ex.toString());
                        return CompletableFuture.completedFuture(null);
                    }));
        }
    }
}
