package io.syncmeter.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.syncmeter.metrics.LatencyBuckets;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.probe.internal.SiteProbeWriter;
import io.syncmeter.site.Site;
import io.syncmeter.site.SiteRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Runs a {@link SiteProbeWriter} per probing site and publishes a {@link ProbeWritten} event for each
 * acknowledged PUT.
 *
 * <p>Lifecycle: starts on {@link StartupEvent} when {@code syncmeter.probe.enabled}; stops on {@link
 * ShutdownEvent}, before the Kafka connector closes, so no event is sent into a closed channel.
 * Thread-safe.
 */
@ApplicationScoped
public class ProbeWriters {

    private static final Logger LOG = Logger.getLogger(ProbeWriters.class);
    private static final Pattern WRITER_ID = Pattern.compile("[a-z0-9]{1,16}");

    private final ProbeConfig config;
    private final ActiveProfile profile;
    private final SiteRegistry sites;
    private final MeterRegistry registry;
    private final Emitter<String> events;
    private final ObjectMapper json;
    private final String writerId;
    private final List<ProbeWriteListener> attemptListeners;
    private final java.util.concurrent.atomic.AtomicLong listenerFailures =
            new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();
    private final List<SiteProbeWriter> writers = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private ExecutorService workers;

    @Inject
    public ProbeWriters(
            ProbeConfig config,
            ActiveProfile profile,
            SiteRegistry sites,
            MeterRegistry registry,
            @Channel("probes-out") Emitter<String> events,
            ObjectMapper json,
            Instance<ProbeWriteListener> attemptListeners) {
        this.config = config;
        this.profile = profile;
        this.sites = sites;
        this.registry = registry;
        this.events = events;
        this.json = json;
        this.attemptListeners = attemptListeners.stream().toList();
        this.writerId = config.writerId()
                .orElseGet(() ->
                        HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
    }

    synchronized void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Probe writers are off (syncmeter.probe.enabled=false)");
            return;
        }
        if (!WRITER_ID.matcher(writerId).matches()) {
            throw new IllegalArgumentException(
                    "syncmeter.probe.writer-id: '" + writerId + "' must be 1 to 16 characters a-z, 0-9");
        }
        if (config.maxInFlight() < 1) {
            throw new IllegalArgumentException(
                    "syncmeter.probe.max-in-flight: must be at least 1, was " + config.maxInFlight());
        }
        List<Site> probing = probingSites();
        ProbeProfile p = profile.get();
        AtomicInteger threads = new AtomicInteger();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "probe-schedule"));
        // PUTs block; the semaphores in the writers bound how many run at once
        workers = Executors.newCachedThreadPool(r -> daemon(r, "probe-put-" + threads.incrementAndGet()));
        for (Site site : probing) {
            meters.put(site.name(), new Meters(site.name()));
            SiteProbeWriter writer =
                    new SiteProbeWriter(site, p, writerId, config.maxInFlight(), scheduler, workers, new Listener());
            writers.add(writer);
            writer.start();
        }
        LOG.infof(
                "Probe writer %s: profile %s, %.1f probes/s per site, sizes %s, at %s",
                writerId,
                p.name(),
                p.ratePerSecond(),
                p.objectSizes(),
                probing.stream().map(Site::name).toList());
    }

    private List<Site> probingSites() {
        if (config.sites().isEmpty()) {
            return sites.all();
        }
        List<Site> chosen = new ArrayList<>();
        for (String name : config.sites().get()) {
            chosen.add(sites.find(name)
                    .orElseThrow(() ->
                            new IllegalArgumentException("syncmeter.probe.sites: no site named '" + name + "' (sites: "
                                    + sites.all().stream().map(Site::name).toList() + ")")));
        }
        return chosen;
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        writers.forEach(SiteProbeWriter::stop);
        writers.clear();
        if (scheduler != null) {
            scheduler.shutdownNow();
            workers.shutdown();
            try {
                if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                    workers.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The id this instance writes probes under. */
    public String writerId() {
        return writerId;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void attempted(ProbeAttempt attempt) {
        for (ProbeWriteListener l : attemptListeners) {
            try {
                l.attempted(attempt);
            } catch (RuntimeException e) {
                if (listenerFailures.getAndIncrement() % 1000 == 0) {
                    LOG.errorf(e, "Probe write listener %s failed (%d failures so far)", l, listenerFailures.get());
                }
            }
        }
    }

    private final class Listener implements SiteProbeWriter.Listener {
        @Override
        public void written(ProbeWritten event, Duration sinceSlot) {
            attempted(new ProbeAttempt(
                    event.origin(),
                    event.key(),
                    ProbeAttempt.Outcome.ACKNOWLEDGED,
                    event.scheduledAt(),
                    event.ackedAt(),
                    null));
            Meters m = meters.get(event.origin());
            m.duration.record(sinceSlot);
            m.bytes.increment(event.size());
            String body;
            try {
                body = json.writeValueAsString(event);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("ProbeWritten did not serialise", e);
            }
            events.send(Message.of(body)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                            .withKey(event.key())
                            .build())
                    .withAck(() -> {
                        m.ok.increment();
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(e -> {
                        m.unpublished.increment();
                        LOG.warnf(
                                "Probe %s was written but its event was not published: %s", event.key(), e.toString());
                        return CompletableFuture.completedFuture(null);
                    }));
        }

        @Override
        public void failed(String site, String key, Instant slot, Duration sinceSlot, Exception error) {
            attempted(new ProbeAttempt(site, key, ProbeAttempt.Outcome.FAILED, slot, Instant.now(), error.toString()));
            Meters m = meters.get(site);
            m.error.increment();
            m.duration.record(sinceSlot);
            LOG.debugf("Probe PUT %s at %s failed: %s", key, site, error.toString());
        }

        @Override
        public void skipped(String site, String key, Instant slot) {
            attempted(new ProbeAttempt(site, key, ProbeAttempt.Outcome.SKIPPED, slot, Instant.now(), null));
            meters.get(site).skipped.increment();
        }
    }

    /** A site's writer metrics, registered up front so every outcome is exported from zero. */
    private final class Meters {
        final Counter ok;
        final Counter error;
        final Counter skipped;
        final Counter unpublished;
        final Counter bytes;
        final Timer duration;

        Meters(String site) {
            ok = outcome(site, MetricNames.OUTCOME_OK);
            error = outcome(site, MetricNames.OUTCOME_ERROR);
            skipped = outcome(site, MetricNames.OUTCOME_SKIPPED);
            unpublished = outcome(site, MetricNames.OUTCOME_UNPUBLISHED);
            bytes = Counter.builder(MetricNames.PROBE_WRITE_BYTES)
                    .baseUnit("bytes")
                    .tag(MetricNames.TAG_SITE, site)
                    .description("Probe bytes written")
                    .register(registry);
            duration = Timer.builder(MetricNames.PROBE_WRITE_DURATION)
                    .tag(MetricNames.TAG_SITE, site)
                    .description("Probe PUT time from its scheduled slot to the acknowledgement")
                    .serviceLevelObjectives(LatencyBuckets.upTo(Duration.ofSeconds(10)))
                    .register(registry);
        }

        private Counter outcome(String site, String outcome) {
            return Counter.builder(MetricNames.PROBE_WRITES)
                    .tag(MetricNames.TAG_SITE, site)
                    .tag(MetricNames.TAG_OUTCOME, outcome)
                    .description("Probe writes by outcome")
                    .register(registry);
        }
    }
}
