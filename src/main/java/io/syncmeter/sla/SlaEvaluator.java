package io.syncmeter.sla;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.syncmeter.collector.ProbeListener;
import io.syncmeter.collector.ProbeOverdue;
import io.syncmeter.collector.ProbeResult;
import io.syncmeter.probe.ActiveProfile;
import io.syncmeter.probe.ProbeAttempt;
import io.syncmeter.probe.ProbeWriteListener;
import io.syncmeter.rejected.RejectedEvents;
import io.syncmeter.site.Site;
import io.syncmeter.site.SiteRegistry;
import io.syncmeter.sla.internal.Judge;
import io.syncmeter.sla.internal.Ledger;
import io.syncmeter.sla.internal.ObjectiveResolver;
import io.syncmeter.sla.internal.StateRecord;
import io.syncmeter.sla.internal.StateStore;
import io.syncmeter.sla.internal.ThresholdEventLog;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private volatile Ledger ledger;

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
        ledger = new Ledger(
                objectives, instance, config.worstOffenders(), config.burnRateWindows(), registry, this::publish);
        judge = new Judge(objectives, ledger);
        ledger.attach(judge);
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
                r -> ledger.restore(r),
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
        Future<?> last = scheduler.submit(this::flushQuietly);
        scheduler.shutdown();
        try {
            last.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
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
        Ledger l = ledger;
        return new SlaReport(now, config.enabled(), restored(), instance, l == null ? List.of() : l.report(now));
    }

    // ---- internals ----

    private void flushQuietly() {
        try {
            List<Ledger.Change> changes = ledger.drainChanged(Instant.now());
            Map<StateRecord, Runnable> retries = new java.util.IdentityHashMap<>();
            changes.forEach(c -> retries.put(c.record(), c.retry()));
            store.publish(
                    changes.stream().map(Ledger.Change::record).toList(),
                    failed -> retries.get(failed).run());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Writing the SLA state failed");
        }
    }

    private void evaluateQuietly() {
        if (!evaluating) {
            return;
        }
        try {
            ledger.evaluate(Instant.now());
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: say so loudly, keep evaluating
            LOG.errorf(e, "Evaluating the SLA objectives failed");
        }
    }

    /** Logs a threshold event and publishes it to the SLA events topic, keyed by objective. */
    private void publish(ThresholdEvent e) {
        eventLog.log(e);
        String body;
        try {
            body = json.writeValueAsString(e);
        } catch (Exception ex) {
            throw new IllegalStateException("ThresholdEvent did not serialise", ex);
        }
        events.send(Message.of(body)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(e.objective())
                        .build())
                .withNack(ex -> {
                    LOG.debugf("Threshold event not published: %s", ex.toString());
                    return CompletableFuture.completedFuture(null);
                }));
    }
}
