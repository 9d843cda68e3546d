package io.syncmeter.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.syncmeter.collector.internal.DirectionPoller;
import io.syncmeter.collector.internal.IntervalRing;
import io.syncmeter.collector.internal.LagStats;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.probe.ActiveProfile;
import io.syncmeter.probe.ProbeProfile;
import io.syncmeter.probe.ProbeWritten;
import io.syncmeter.rejected.RejectedEvents;
import io.syncmeter.site.Site;
import io.syncmeter.site.SiteRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@link ProbeWritten} events (in the collectors' consumer group, so several instances share
 * the probes) and finds each probe at every other site, one {@link DirectionPoller} per direction.
 * Results go to the HdrHistogram figures ({@link LagStats}), to Micrometer and to the lag-samples
 * topic. A replayed event is counted duplicate and never measured twice.
 *
 * <p>Lifecycle: pollers are created on {@link StartupEvent} for every ordered pair of sites and run
 * on a scheduler until {@link ShutdownEvent}. Threading: {@link #onProbe} runs on the Kafka consumer
 * thread and only parses and registers; S3 requests run on the scheduler's threads. Each report
 * interval the scheduler closes is also kept in the direction's bounded history ({@link #history}),
 * read from any thread.
 */
@ApplicationScoped
public class Collector {

    private static final Logger LOG = Logger.getLogger(Collector.class);
    static final String TOPIC_NAME_KEY = "mp.messaging.incoming.probes-in.topic";
    /** The most report intervals a direction's history keeps (with 1 KiB per interval, 10 MiB per direction). */
    static final int MAX_HISTORY_INTERVALS = 10_000;

    private final CollectorConfig config;
    private final ActiveProfile profile;
    private final SiteRegistry sites;
    private final MeterRegistry registry;
    private final RejectedEvents rejected;
    private final Emitter<String> samples;
    private final ObjectMapper json;
    private final String topic;
    private final Map<String, Direction> directions = new ConcurrentHashMap<>();
    /** Probe keys whose events were seen, with when to forget them (epoch ms). */
    private final Map<String, Long> seenProbes = new ConcurrentHashMap<>();
    /** Probes awaited at one target at least, by key: what is known of them so far. */
    private final Map<String, Settlement> settling = new ConcurrentHashMap<>();

    private final Instance<ProbeListener> listenerBeans;
    private List<ProbeListener> listeners = List.of();
    private final AtomicLong listenerFailures = new AtomicLong();

    private ScheduledExecutorService scheduler;

    @Inject
    public Collector(
            CollectorConfig config,
            ActiveProfile profile,
            SiteRegistry sites,
            MeterRegistry registry,
            RejectedEvents rejected,
            @Channel("lag-out") Emitter<String> samples,
            ObjectMapper json,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = TOPIC_NAME_KEY) String topic,
            Instance<ProbeListener> listenerBeans) {
        this.config = config;
        this.profile = profile;
        this.sites = sites;
        this.registry = registry;
        this.rejected = rejected;
        this.samples = samples;
        this.json = json;
        this.topic = topic;
        this.listenerBeans = listenerBeans;
    }

    synchronized void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Collector is off (syncmeter.collector.enabled=false)");
            return;
        }
        validate();
        ProbeProfile p = profile.get();
        listeners = listenerBeans.stream().toList();
        Set<Duration> watched = new TreeSet<>();
        listeners.forEach(l -> watched.addAll(l.thresholds()));
        DirectionPoller.Settings settings = new DirectionPoller.Settings(
                config.stragglerAfter(),
                config.stragglerPollInterval(),
                config.listPageSize(),
                p.late(),
                p.giveUp(),
                List.copyOf(watched));
        Instant start = Instant.now();
        for (Site origin : sites.all()) {
            for (Site target : sites.all()) {
                if (!origin.name().equals(target.name())) {
                    directions.put(key(origin.name(), target.name()), new Direction(origin, target, settings, start));
                }
            }
        }
        AtomicInteger threads = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(Math.min(4, Math.max(1, directions.size())), r -> {
            Thread t = new Thread(r, "collector-poll-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long pollNanos = config.pollInterval().toNanos();
        for (Direction d : directions.values()) {
            // fixed delay: a slow listing delays the next poll instead of piling polls up
            scheduler.scheduleWithFixedDelay(d::poll, pollNanos, pollNanos, TimeUnit.NANOSECONDS);
        }
        long reportNanos = config.reportInterval().toNanos();
        scheduler.scheduleAtFixedRate(this::rollInterval, reportNanos, reportNanos, TimeUnit.NANOSECONDS);
        LOG.infof(
                "Collector: %d directions, poll every %s (stragglers every %s), late after %s, missing after %s%s",
                directions.size(),
                config.pollInterval(),
                config.stragglerPollInterval(),
                p.late(),
                p.giveUp(),
                watched.isEmpty() ? "" : ", thresholds watched " + watched);
    }

    private void validate() {
        requirePositive("syncmeter.collector.poll-interval", config.pollInterval());
        requirePositive("syncmeter.collector.straggler-after", config.stragglerAfter());
        requirePositive("syncmeter.collector.straggler-poll-interval", config.stragglerPollInterval());
        requirePositive("syncmeter.collector.report-interval", config.reportInterval());
        requirePositive("syncmeter.collector.dedup-retention", config.dedupRetention());
        requirePositive("syncmeter.collector.history", config.history());
        if (historyCapacity() > MAX_HISTORY_INTERVALS) {
            throw new IllegalArgumentException("syncmeter.collector.history: at most " + MAX_HISTORY_INTERVALS
                    + " report intervals (syncmeter.collector.report-interval " + config.reportInterval()
                    + "), was " + config.history() + " = " + historyCapacity() + " intervals");
        }
        if (config.listPageSize() < 1 || config.listPageSize() > 1000) {
            throw new IllegalArgumentException(
                    "syncmeter.collector.list-page-size: must be from 1 to 1000, was " + config.listPageSize());
        }
    }

    /** Report intervals in {@link CollectorConfig#history()}, rounded up. */
    private long historyCapacity() {
        long interval = config.reportInterval().toNanos();
        return (config.history().toNanos() + interval - 1) / interval;
    }

    private static void requirePositive(String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + ": must be positive, was " + d);
        }
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            // no interrupt: an interrupted S3 call would be logged as a failed listing
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Registers a probe event; malformed ones are set aside. */
    @Incoming("probes-in")
    public void onProbe(ConsumerRecord<String, String> record) {
        if (!config.enabled()) {
            return;
        }
        ProbeWritten probe;
        try {
            probe = parse(record.value());
        } catch (InvalidEvent e) {
            rejected.reject(topic, record.key(), record.value(), e.reason, e.getMessage());
            return;
        }
        List<Direction> targets = directions.values().stream()
                .filter(d -> d.origin.name().equals(probe.origin()))
                .toList();
        if (targets.isEmpty()) {
            rejected.reject(
                    topic, record.key(), record.value(), "unknown-site", "no site named '" + probe.origin() + "'");
            return;
        }
        long forgetAt = probe.ackedAt().toEpochMilli()
                + profile.get().giveUp().toMillis()
                + config.dedupRetention().toMillis();
        if (seenProbes.putIfAbsent(probe.key(), forgetAt) != null) {
            targets.forEach(d -> d.result(probe, Outcome.DUPLICATE, null, null, "none"));
            return;
        }
        settling.put(probe.key(), new Settlement(targets.size()));
        targets.forEach(d -> d.poller.track(probe));
    }

    private ProbeWritten parse(String value) throws InvalidEvent {
        if (value == null || value.isBlank()) {
            throw new InvalidEvent("malformed-json", "empty record");
        }
        ProbeWritten p;
        try {
            p = json.readValue(value, ProbeWritten.class);
        } catch (Exception e) {
            throw new InvalidEvent("malformed-json", e.getMessage());
        }
        if (p.schema() != ProbeWritten.SCHEMA) {
            throw new InvalidEvent("unsupported-schema", "schema " + p.schema() + ", expected " + ProbeWritten.SCHEMA);
        }
        if (p.origin() == null || p.key() == null || p.ackedAt() == null || p.scheduledAt() == null) {
            throw new InvalidEvent("invalid-field", "origin, key, scheduledAt and ackedAt are required");
        }
        if (p.md5() == null || p.sha256() == null) {
            throw new InvalidEvent("invalid-field", "md5 and sha256 are required");
        }
        return p;
    }

    private static final class InvalidEvent extends Exception {
        final String reason;

        InvalidEvent(String reason, String detail) {
            super(detail);
            this.reason = reason;
        }
    }

    private void rollInterval() {
        try {
            Instant now = Instant.now();
            directions.values().forEach(d -> d.rollInterval(now));
            long nowMs = now.toEpochMilli();
            seenProbes.values().removeIf(forgetAt -> forgetAt < nowMs);
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: say so loudly, keep rolling
            LOG.errorf(e, "Rolling the report interval failed");
        }
    }

    /** Records one target's outcome of a probe, and tells the listeners once every target is resolved. */
    private void settle(ProbeWritten probe, String target, Outcome outcome, Instant at) {
        Settlement s = settling.get(probe.key());
        if (s == null || !s.resolve(target, outcome)) {
            return;
        }
        settling.remove(probe.key(), s);
        ProbeSettled settled = new ProbeSettled(probe, s.outcomes, at);
        notifyListeners(l -> l.settled(settled));
    }

    private void notifyListeners(java.util.function.Consumer<ProbeListener> call) {
        for (ProbeListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                // a listener's bug must not stop detection; say so, but not at every probe
                if (listenerFailures.getAndIncrement() % 1000 == 0) {
                    LOG.errorf(e, "Probe listener %s failed (%d failures so far)", l, listenerFailures.get());
                }
            }
        }
    }

    /** Outcomes of one probe at its targets, until the last one is known. */
    private static final class Settlement {
        final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        private final AtomicInteger remaining;

        Settlement(int targets) {
            remaining = new AtomicInteger(targets);
        }

        /** True for the call that resolves the last target. */
        boolean resolve(String target, Outcome outcome) {
            return outcomes.putIfAbsent(target, outcome) == null && remaining.decrementAndGet() == 0;
        }
    }

    /** The figures of every direction, ordered by source then target. */
    public List<DirectionStatus> status() {
        List<DirectionStatus> out = new ArrayList<>();
        for (Direction d : directions.values()) {
            out.add(new DirectionStatus(d.origin.name(), d.target.name(), d.poller.pending(), d.stats.snapshot()));
        }
        out.sort(Comparator.comparing(DirectionStatus::sourceSite).thenComparing(DirectionStatus::targetSite));
        return out;
    }

    /** The figures of one direction. */
    public Optional<DirectionStatus> status(String source, String target) {
        return status().stream()
                .filter(s -> s.sourceSite().equals(source) && s.targetSite().equals(target))
                .findFirst();
    }

    /**
     * The recent history of every direction, ordered by source then target: the report intervals
     * that ended within {@code span} of now, oldest first. At most {@link #historyRetention()} is
     * kept; empty while the collector is off.
     */
    public List<DirectionHistory> history(Duration span) {
        Instant since = Instant.now().minus(span);
        List<DirectionHistory> out = new ArrayList<>();
        for (Direction d : directions.values()) {
            out.add(new DirectionHistory(
                    d.origin.name(),
                    d.target.name(),
                    d.history.select(i -> i.end().isAfter(since))));
        }
        out.sort(Comparator.comparing(DirectionHistory::sourceSite).thenComparing(DirectionHistory::targetSite));
        return out;
    }

    /** How much history {@link #history} keeps per direction. */
    public Duration historyRetention() {
        return config.history();
    }

    /**
     * One direction's recent report intervals.
     *
     * @param intervals oldest first
     */
    public record DirectionHistory(String sourceSite, String targetSite, List<LagInterval> intervals) {}

    /** Whether the collector runs here. */
    public boolean enabled() {
        return config.enabled();
    }

    /** The report interval. */
    public Duration reportInterval() {
        return config.reportInterval();
    }

    /**
     * One direction's figures.
     *
     * @param pending probes awaited now
     */
    public record DirectionStatus(String sourceSite, String targetSite, int pending, LagFigures stats) {}

    private static String key(String source, String target) {
        return source + "->" + target;
    }

    /** One direction: its poller, its figures and its meters. */
    private final class Direction {
        final Site origin;
        final Site target;
        final DirectionPoller poller;
        final LagStats stats;
        final IntervalRing<LagInterval> history = new IntervalRing<>((int) historyCapacity());
        /** The outcome counts when the last interval was closed, so each interval holds its own. */
        private Map<Outcome, Long> countsAtLastRoll;

        final Timer lag;
        final Map<Outcome, Counter> outcomes = new ConcurrentHashMap<>();

        Direction(Site origin, Site target, DirectionPoller.Settings settings, Instant start) {
            this.origin = origin;
            this.target = target;
            this.stats = new LagStats(start);
            this.countsAtLastRoll = stats.outcomeCounts();
            Counter requests = Counter.builder(MetricNames.DETECTION_REQUESTS)
                    .tag(MetricNames.TAG_SITE, target.name())
                    .description("S3 requests the collector sent to a target site")
                    .register(registry);
            Counter readBytes = Counter.builder(MetricNames.DETECTION_READ_BYTES)
                    .baseUnit("bytes")
                    .tag(MetricNames.TAG_SITE, target.name())
                    .description("Bytes the collector read back to verify content")
                    .register(registry);
            this.poller = new DirectionPoller(
                    origin.name(),
                    target,
                    profile.get().keyPrefix(),
                    settings,
                    Instant::now,
                    requests::increment,
                    readBytes::increment,
                    new DirectionPoller.Sink() {
                        @Override
                        public void result(
                                ProbeWritten probe,
                                String t,
                                Outcome outcome,
                                LagEstimate lag,
                                Instant seenAt,
                                String method) {
                            Direction.this.result(probe, outcome, lag, seenAt, method);
                        }

                        @Override
                        public void overdue(
                                ProbeWritten probe,
                                String t,
                                Duration threshold,
                                Instant lastAbsent,
                                Instant detectedAt) {
                            ProbeOverdue o = new ProbeOverdue(probe, t, threshold, lastAbsent, detectedAt);
                            notifyListeners(l -> l.overdue(o));
                        }
                    });
            this.lag = Timer.builder(MetricNames.REPLICATION_LAG)
                    .tag(MetricNames.TAG_SOURCE_SITE, origin.name())
                    .tag(MetricNames.TAG_TARGET_SITE, target.name())
                    .description(
                            "Replication lag: first seen intact at the target minus PUT acknowledged at the source")
                    .serviceLevelObjectives(LagBuckets.upTo(settings.giveUp(), settings.watched()))
                    .register(registry);
            for (Outcome o : Outcome.values()) {
                outcomes.put(
                        o,
                        Counter.builder(MetricNames.REPLICATION_OBJECTS)
                                .tag(MetricNames.TAG_SOURCE_SITE, origin.name())
                                .tag(MetricNames.TAG_TARGET_SITE, target.name())
                                .tag(MetricNames.TAG_OUTCOME, o.label())
                                .description("Probes by outcome at a target site")
                                .register(registry));
            }
            Gauge.builder(MetricNames.REPLICATION_PENDING, poller, DirectionPoller::pending)
                    .tag(MetricNames.TAG_SOURCE_SITE, origin.name())
                    .tag(MetricNames.TAG_TARGET_SITE, target.name())
                    .description("Probes written at the source and not yet seen at the target")
                    .register(registry);
            Gauge.builder(
                            MetricNames.REPLICATION_LAG_RESOLUTION,
                            stats,
                            s -> s.lastIntervalResolution().toNanos() / 1e9)
                    .baseUnit("seconds")
                    .tag(MetricNames.TAG_SOURCE_SITE, origin.name())
                    .tag(MetricNames.TAG_TARGET_SITE, target.name())
                    .description("Widest lag uncertainty among the last report interval's samples")
                    .register(registry);
        }

        /** Closes the report interval and keeps it in the history; from the scheduler's roll only. */
        void rollInterval(Instant now) {
            stats.rollInterval(now);
            Map<Outcome, Long> counts = stats.outcomeCounts();
            Map<Outcome, Long> decided = new EnumMap<>(Outcome.class);
            counts.forEach((o, n) -> decided.put(o, n - countsAtLastRoll.getOrDefault(o, 0L)));
            countsAtLastRoll = counts;
            history.add(new LagInterval(
                    stats.lastIntervalStart(),
                    now,
                    stats.lastInterval(),
                    Collections.unmodifiableMap(decided),
                    poller.pending(),
                    stats.lastIntervalResolution()));
        }

        void poll() {
            try {
                poller.poll();
            } catch (RuntimeException e) {
                // a scheduled task that throws is never run again
                LOG.warnf("Detection %s failed: %s", key(origin.name(), target.name()), e.toString());
            }
        }

        void result(ProbeWritten probe, Outcome outcome, LagEstimate estimate, Instant seenAt, String method) {
            Instant decidedAt = Instant.now();
            outcomes.get(outcome).increment();
            stats.count(outcome);
            if (estimate != null && (outcome == Outcome.REPLICATED || outcome == Outcome.LATE)) {
                lag.record(estimate.estimate());
                stats.record(estimate);
            }
            if (config.publishSamples()) {
                publish(new LagSample(
                        LagSample.SCHEMA,
                        probe.key(),
                        origin.name(),
                        target.name(),
                        outcome.label(),
                        probe.ackedAt(),
                        seenAt,
                        estimate == null ? null : seconds(estimate.estimate()),
                        estimate == null ? null : seconds(estimate.lower()),
                        estimate == null ? null : seconds(estimate.upper()),
                        estimate == null ? null : seconds(estimate.resolution()),
                        method));
            }
            ProbeResult r = new ProbeResult(
                    probe, target.name(), outcome, estimate, seenAt == null ? decidedAt : seenAt, method);
            notifyListeners(l -> l.resolved(r));
            if (outcome != Outcome.DUPLICATE) {
                settle(probe, target.name(), outcome, r.decidedAt());
            }
        }

        private void publish(LagSample sample) {
            String body;
            try {
                body = json.writeValueAsString(sample);
            } catch (Exception e) {
                throw new IllegalStateException("LagSample did not serialise", e);
            }
            samples.send(Message.of(body)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                            .withKey(key(sample.sourceSite(), sample.targetSite()))
                            .build())
                    .withNack(e -> {
                        LOG.debugf("Lag sample not published: %s", e.toString());
                        return CompletableFuture.completedFuture(null);
                    }));
        }

        private static double seconds(Duration d) {
            return d.toNanos() / 1e9;
        }
    }
}
