package io.syncmeter.lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.syncmeter.collector.ProbeListener;
import io.syncmeter.collector.ProbeSettled;
import io.syncmeter.lifecycle.internal.BatchDeleter;
import io.syncmeter.lifecycle.internal.BucketObjects;
import io.syncmeter.lifecycle.internal.BucketRule;
import io.syncmeter.lifecycle.internal.DeletionQueue;
import io.syncmeter.lifecycle.internal.FailureLog;
import io.syncmeter.lifecycle.internal.LifecycleSettings;
import io.syncmeter.lifecycle.internal.ProbePrefix;
import io.syncmeter.lifecycle.internal.RetentionSweep;
import io.syncmeter.lifecycle.internal.S3BucketObjects;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.probe.ActiveProfile;
import io.syncmeter.probe.ProbeProfile;
import io.syncmeter.site.Site;
import io.syncmeter.site.SiteRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/**
 * The probe lifecycle: keeps the number of probe objects bounded, so syncmeter can run for months.
 *
 * <ul>
 *   <li><b>Resolved probes</b>: as a {@link ProbeListener}, it queues every probe {@link
 *       ProbeSettled#intactEverywhere() seen intact at every target} for deletion at its origin and
 *       every target after the grace; due deletions are sent every delete interval in {@code
 *       DeleteObjects} batches per site. Probes that ended missing or corrupt are kept as evidence
 *       until the retention sweep. The queue is bounded; a probe that finds it full, and a failed
 *       delete, are counted and left to the sweep (never retried).
 *   <li><b>Retention sweep</b>: every sweep interval, at every site, deletes any probe older than the
 *       retention, bounded per sweep ({@link RetentionSweep}), and exports how many the site holds.
 *   <li><b>Bucket rule</b> (when enabled): before each sweep, makes the site's bucket lifecycle
 *       configuration hold syncmeter's expiration rule beside the others ({@link BucketRule}); a
 *       backend that does not implement it is logged once and not asked again.
 * </ul>
 *
 * Only keys {@link ProbePrefix#owns} accepts (the profile's key layout under its exact key prefix)
 * are ever deleted.
 *
 * <p>Lifecycle: validated and started on {@link StartupEvent} when {@code syncmeter.lifecycle.enabled}
 * (an invalid value fails startup naming its key); stopped on {@link ShutdownEvent}, which drops the
 * deletions still waiting (the sweep removes those objects later). Threading: {@link #settled} runs
 * on the collector's threads and only queues; S3 requests run on this bean's own scheduler, one
 * thread for resolved deletes and one for sweeps, so a slow sweep never delays deletes.
 */
@ApplicationScoped
public class ProbeLifecycle implements ProbeListener {

    private static final Logger LOG = Logger.getLogger(ProbeLifecycle.class);

    private final LifecycleConfig config;
    private final ActiveProfile profile;
    private final SiteRegistry sites;
    private final MeterRegistry registry;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong skippedProbes = new AtomicLong();

    /** Set once started, back to null when stopped: what {@link #settled} may use. */
    private volatile Running running;

    private ScheduledExecutorService scheduler;

    /** What runs between start and stop. Immutable apart from the queue and the per-site state. */
    private record Running(
            LifecycleSettings settings, ProbePrefix prefix, DeletionQueue queue, Map<String, SiteLifecycle> sites) {}

    @Inject
    public ProbeLifecycle(LifecycleConfig config, ActiveProfile profile, SiteRegistry sites, MeterRegistry registry) {
        this.config = config;
        this.profile = profile;
        this.sites = sites;
        this.registry = registry;
    }

    synchronized void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Probe lifecycle is off (syncmeter.lifecycle.enabled=false): probe objects are never deleted");
            return;
        }
        ProbeProfile p = profile.get();
        List<Site> all = sites.all();
        LifecycleSettings settings = LifecycleSettings.resolve(
                config, p.giveUp(), all.stream().map(Site::name).toList());
        ProbePrefix prefix = new ProbePrefix(p.keyPrefix());
        LifecycleRule rule = BucketRule.rule(prefix.root(), settings.rule().days());
        Map<String, SiteLifecycle> perSite = new TreeMap<>();
        for (Site site : all) {
            boolean ruleHere =
                    settings.rule().enabled() && settings.rule().sites().contains(site.name());
            perSite.put(site.name(), new SiteLifecycle(site, new S3BucketObjects(site), ruleHere ? rule : null));
        }
        DeletionQueue queue = new DeletionQueue(settings.maxPending());
        Gauge.builder(MetricNames.PROBE_PENDING_DELETIONS, queue, DeletionQueue::size)
                .description("Resolved probes waiting for their deletion time")
                .register(registry);
        // name order: sweeps and logs go site by site, as the configuration lists them
        Running r = new Running(settings, prefix, queue, Collections.unmodifiableMap(perSite));
        AtomicInteger threads = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(2, task -> {
            Thread t = new Thread(task, "lifecycle-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long deleteNanos = settings.deleteInterval().toNanos();
        // fixed delay: a slow round delays the next instead of piling rounds up
        scheduler.scheduleWithFixedDelay(() -> deleteDue(r), deleteNanos, deleteNanos, TimeUnit.NANOSECONDS);
        scheduler.scheduleWithFixedDelay(
                () -> sweep(r), 0, settings.sweepInterval().toNanos(), TimeUnit.NANOSECONDS);
        running = r;
        LOG.infof(
                "Probe lifecycle: probes intact everywhere deleted %s after they settle; probes under %s older"
                        + " than %s swept every %s at %s; bucket rule %s",
                settings.grace(),
                prefix.root(),
                settings.retention(),
                settings.sweepInterval(),
                perSite.keySet(),
                settings.rule().enabled()
                        ? "expires after " + settings.rule().days() + " d at "
                                + settings.rule().sites()
                        : "off");
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        stopping.set(true);
        running = null;
        if (scheduler != null) {
            // no interrupt: an interrupted S3 call would be counted as a failed delete
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Queues a probe seen intact everywhere for deletion at its origin and every target. */
    @Override
    public void settled(ProbeSettled settled) {
        Running r = running;
        if (r == null || !settled.intactEverywhere()) {
            return; // missing and corrupt probes are kept as evidence until the retention sweep
        }
        String key = settled.probe().key();
        if (!r.prefix().owns(key)) {
            return; // an event may name any key: only our own probe layout is ever deleted
        }
        Set<String> at = new TreeSet<>(settled.outcomes().keySet());
        at.add(settled.probe().origin());
        at.retainAll(r.sites().keySet());
        if (at.isEmpty()) {
            return;
        }
        if (!r.queue().offer(key, at, settled.settledAt().plus(r.settings().grace()))) {
            at.forEach(site -> r.sites().get(site).resolvedSkipped.increment());
            long n = skippedProbes.incrementAndGet();
            if (n == 1 || n % 10_000 == 0) {
                LOG.warnf(
                        "Deletion queue full (%d probes waiting, syncmeter.lifecycle.max-pending-deletions):"
                                + " %d probes left to the retention sweep so far",
                        r.queue().capacity(), n);
            }
        }
    }

    /** Sends the deletions that are due, per site. Runs on the scheduler. */
    private void deleteDue(Running r) {
        try {
            List<DeletionQueue.Entry> due = r.queue().pollDue(Instant.now());
            for (Map.Entry<String, List<String>> e :
                    DeletionQueue.keysPerSite(due).entrySet()) {
                if (stopping.get()) {
                    return;
                }
                SiteLifecycle site = r.sites().get(e.getKey());
                BatchDeleter.Result result = BatchDeleter.delete(
                        site.bucket, e.getValue(), r.settings().batchSize());
                site.resolvedOk.increment(result.deleted());
                site.resolvedError.increment(result.failed());
                result.error().ifPresentOrElse(site.deleteFailures::failed, site.deleteFailures::succeeded);
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again
            LOG.errorf(e, "Deleting resolved probes failed");
        }
    }

    /** One retention sweep of every site, each after its bucket rule check. Runs on the scheduler. */
    private void sweep(Running r) {
        for (SiteLifecycle site : r.sites().values()) {
            if (stopping.get()) {
                return;
            }
            try {
                site.checkRule();
                Instant cutoff = Instant.now().minus(r.settings().retention());
                RetentionSweep.Result result = RetentionSweep.sweep(
                        site.bucket, r.prefix(), cutoff, r.settings().sweep(), stopping::get);
                site.sweepResult(result);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Retention sweep at %s failed", site.site.name());
            }
        }
    }

    /** What lifecycle keeps per site: its bucket, meters, rule state. */
    private final class SiteLifecycle {
        final Site site;
        final BucketObjects bucket;
        /** Our bucket rule, or null when it is not installed here. */
        final LifecycleRule rule;

        final Counter resolvedOk;
        final Counter resolvedError;
        final Counter resolvedSkipped;
        final Counter retentionOk;
        final Counter retentionError;
        final Map<String, Counter> sweeps = new TreeMap<>();
        /** Probe objects held, as double bits; NaN until a sweep has listed them all. */
        final AtomicLong stored = new AtomicLong(Double.doubleToLongBits(Double.NaN));

        volatile String ruleState;
        final FailureLog deleteFailures;
        final FailureLog sweepFailures;
        final FailureLog ruleFailures;

        SiteLifecycle(Site site, BucketObjects bucket, LifecycleRule rule) {
            this.site = site;
            this.bucket = bucket;
            this.rule = rule;
            this.ruleState = rule == null ? MetricNames.STATE_OFF : null;
            String name = site.name();
            resolvedOk = deletes(MetricNames.REASON_RESOLVED, MetricNames.OUTCOME_OK);
            resolvedError = deletes(MetricNames.REASON_RESOLVED, MetricNames.OUTCOME_ERROR);
            resolvedSkipped = deletes(MetricNames.REASON_RESOLVED, MetricNames.OUTCOME_SKIPPED);
            retentionOk = deletes(MetricNames.REASON_RETENTION, MetricNames.OUTCOME_OK);
            retentionError = deletes(MetricNames.REASON_RETENTION, MetricNames.OUTCOME_ERROR);
            for (String outcome :
                    List.of(MetricNames.OUTCOME_COMPLETE, MetricNames.OUTCOME_PARTIAL, MetricNames.OUTCOME_ERROR)) {
                sweeps.put(
                        outcome,
                        Counter.builder(MetricNames.PROBE_SWEEPS)
                                .tag(MetricNames.TAG_SITE, name)
                                .tag(MetricNames.TAG_OUTCOME, outcome)
                                .description("Retention sweeps by outcome")
                                .register(registry));
            }
            Gauge.builder(MetricNames.PROBE_STORED_OBJECTS, stored, s -> Double.longBitsToDouble(s.get()))
                    .tag(MetricNames.TAG_SITE, name)
                    .description("Probe objects the site holds, as the last complete retention sweep counted them")
                    .register(registry);
            for (String state : List.of(
                    MetricNames.STATE_INSTALLED,
                    MetricNames.STATE_UNSUPPORTED,
                    MetricNames.STATE_ERROR,
                    MetricNames.STATE_OFF)) {
                Gauge.builder(MetricNames.PROBE_BUCKET_RULE, this, s -> state.equals(s.ruleState) ? 1 : 0)
                        .tag(MetricNames.TAG_SITE, name)
                        .tag(MetricNames.TAG_STATE, state)
                        .description("1 for the state of the probe expiration rule in the site's bucket")
                        .register(registry);
            }
            deleteFailures = new FailureLog(LOG, "Deleting resolved probes at " + name);
            sweepFailures = new FailureLog(LOG, "Retention sweep at " + name);
            ruleFailures = new FailureLog(LOG, "Installing the probe expiration rule at " + name);
        }

        private Counter deletes(String reason, String outcome) {
            return Counter.builder(MetricNames.PROBE_DELETES)
                    .tag(MetricNames.TAG_SITE, site.name())
                    .tag(MetricNames.TAG_REASON, reason)
                    .tag(MetricNames.TAG_OUTCOME, outcome)
                    .description("Probe objects deleted by the probe lifecycle, by reason and outcome")
                    .register(registry);
        }

        /** Makes the bucket hold our rule, unless it is off here or the backend lacks lifecycle support. */
        void checkRule() {
            if (rule == null || MetricNames.STATE_UNSUPPORTED.equals(ruleState)) {
                return;
            }
            try {
                BucketRule.Outcome outcome = BucketRule.install(site.s3(), site.bucket(), rule);
                ruleFailures.succeeded();
                if (outcome == BucketRule.Outcome.UNSUPPORTED) {
                    ruleState = MetricNames.STATE_UNSUPPORTED;
                    LOG.warnf(
                            "Site %s does not implement S3 bucket lifecycle configuration: the probe expiration"
                                    + " rule is not installed there (the retention sweep still removes old probes)",
                            site.name());
                    return;
                }
                if (outcome == BucketRule.Outcome.WRITTEN) {
                    LOG.infof(
                            "Site %s: lifecycle rule %s installed in bucket %s (expire %s after %d days), other"
                                    + " rules kept",
                            site.name(),
                            BucketRule.RULE_ID,
                            site.bucket(),
                            rule.filter().prefix(),
                            rule.expiration().days());
                }
                ruleState = MetricNames.STATE_INSTALLED;
            } catch (RuntimeException e) {
                ruleState = MetricNames.STATE_ERROR;
                ruleFailures.failed(e);
            }
        }

        void sweepResult(RetentionSweep.Result result) {
            retentionOk.increment(result.deletes().deleted());
            retentionError.increment(result.deletes().failed());
            result.stored().ifPresent(n -> stored.set(Double.doubleToLongBits(n)));
            if (result.error().isPresent()) {
                sweeps.get(MetricNames.OUTCOME_ERROR).increment();
                sweepFailures.failed(result.error().get());
                return;
            }
            sweepFailures.succeeded();
            sweeps.get(result.complete() ? MetricNames.OUTCOME_COMPLETE : MetricNames.OUTCOME_PARTIAL)
                    .increment();
            if (!result.complete()) {
                LOG.debugf(
                        "Retention sweep at %s stopped at its bound after deleting %d; the next sweep goes on",
                        site.name(), result.deletes().deleted());
            }
        }
    }
}
