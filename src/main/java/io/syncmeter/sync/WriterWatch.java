package io.syncmeter.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.rejected.RejectedEvents;
import io.syncmeter.site.Site;
import io.syncmeter.site.SiteRegistry;
import io.syncmeter.sync.internal.AcknowledgedSend;
import io.syncmeter.sync.internal.DaemonThreads;
import io.syncmeter.sync.internal.Direction;
import io.syncmeter.sync.internal.Heartbeat;
import io.syncmeter.sync.internal.ShardOwnership;
import io.syncmeter.sync.internal.SyncPlan;
import io.syncmeter.sync.internal.Writers;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * One active writer per direction beyond the consumer group. Every instance announces itself on
 * {@code syncmeter.sync-heartbeats} ({@link Heartbeat}: its group, start, shards, and the places each
 * direction reads and writes) and reads everyone's (its own consumer group, from the end). Per
 * direction it exports how many deployments write the same places ({@code
 * syncmeter_sync_concurrent_writers}); when another deployment that started earlier writes them too
 * it logs it and, in mode {@code stop-newer}, stands by: the engine writes nothing for that direction
 * (outcome {@code standby}) until the other is gone, then runs a full sync of it to catch up.
 *
 * <p>Threading: heartbeats are sent and the views computed on this bean's timer thread; {@link
 * #standby} is read by the engine's lanes; {@link #onHeartbeat} runs on the channel's thread.
 */
@ApplicationScoped
public class WriterWatch {

    private static final Logger LOG = Logger.getLogger(WriterWatch.class);

    private final SyncConfig config;
    private final SiteRegistry sites;
    private final ShardOwnership ownership;
    private final MeterRegistry registry;
    private final Emitter<String> out;
    private final ObjectMapper json;
    private final RejectedEvents rejected;
    private final Resync resync;
    private final String group;
    private final String writer = UUID.randomUUID().toString();
    private final long startedAt = System.currentTimeMillis();
    private final Writers writers;
    private final Map<Direction, Heartbeat.Target> targets = new LinkedHashMap<>();
    private final Map<Direction, AtomicInteger> concurrent = new LinkedHashMap<>();
    // directions this instance stands by for: read by the lanes, written by the timer
    private final Map<Direction, String> standingBy = new ConcurrentHashMap<>();
    // directions whose catch-up full sync is still to start (it was busy)
    private final Set<Direction> catchUp = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = DaemonThreads.scheduler("sync-writers");

    @Inject
    public WriterWatch(
            SyncConfig config,
            SiteRegistry sites,
            @Identifier(SyncShards.NAME) SyncShards shards,
            MeterRegistry registry,
            @Channel("heartbeats-out") Emitter<String> out,
            ObjectMapper json,
            RejectedEvents rejected,
            Resync resync,
            @ConfigProperty(name = "mp.messaging.incoming.changes-in.group.id") String group,
            SyncPlan plan) {
        this.config = config;
        this.sites = sites;
        this.ownership = shards.ownership();
        this.registry = registry;
        this.out = out;
        this.json = json;
        this.rejected = rejected;
        this.resync = resync;
        this.group = group;
        this.writers = new Writers(writer, group, config.writers().expireAfter().toMillis());
        for (Direction d : plan.directions()) {
            targets.put(
                    d,
                    new Heartbeat.Target(
                            d.source(),
                            d.target(),
                            place(sites.require(d.source())),
                            place(sites.require(d.target()))));
            AtomicInteger n = new AtomicInteger();
            concurrent.put(d, n);
            Gauge.builder(MetricNames.SYNC_CONCURRENT_WRITERS, n, AtomicInteger::get)
                    .tags(Tags.of(MetricNames.TAG_SOURCE_SITE, d.source(), MetricNames.TAG_TARGET_SITE, d.target()))
                    .description("Deployments seen writing this direction's places, this one included")
                    .register(registry);
        }
    }

    /**
     * What is wrong with {@code syncmeter.sync.writers.*}, each naming its key; empty when nothing.
     * Checked at startup by {@link SyncEngine}, with the rest of {@code syncmeter.sync.*}.
     */
    static List<String> problems(SyncConfig.Writers writers) {
        if (writers.heartbeatInterval().compareTo(Duration.ofMillis(100)) < 0
                || writers.heartbeatInterval().compareTo(Duration.ofMinutes(1)) > 0) {
            return List.of("syncmeter.sync.writers.heartbeat-interval: must be from 100ms to 1m, was "
                    + writers.heartbeatInterval().toMillis() + " ms");
        }
        if (writers.expireAfter().compareTo(writers.heartbeatInterval().multipliedBy(3)) < 0) {
            return List.of("syncmeter.sync.writers.expire-after: must be at least three heartbeat intervals ("
                    + writers.heartbeatInterval().multipliedBy(3).toMillis() + " ms), was "
                    + writers.expireAfter().toMillis() + " ms");
        }
        return List.of();
    }

    private static String place(Site s) {
        return s.endpoint().map(URI::toString).orElse("s3") + "/" + s.bucket();
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            long every = config.writers().heartbeatInterval().toMillis();
            timer.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Whether this instance must write nothing for {@code d} now (another deployment writes it). */
    public boolean standby(Direction d) {
        return standingBy.containsKey(d);
    }

    private void tick() {
        try {
            long now = System.currentTimeMillis();
            Heartbeat own = new Heartbeat(
                    Heartbeat.SCHEMA, writer, group, startedAt, now, ownership.owned(), List.copyOf(targets.values()));
            writers.heard(own);
            send(own);
            for (Map.Entry<Direction, Heartbeat.Target> e : targets.entrySet()) {
                Direction d = e.getKey();
                Writers.View view = writers.view(e.getValue(), now);
                // standby first: whoever sees the count sees the standby that goes with it
                boolean stop = config.writers().mode() == SyncConfig.Writers.Mode.STOP_NEWER
                        && view.olderGroup().isPresent();
                if (stop && standingBy.put(d, view.olderGroup().get()) == null) {
                    LOG.warnf(
                            "%s: standing by, group %s started earlier and writes it too",
                            d, view.olderGroup().get());
                    catchUp.remove(d);
                } else if (!stop && standingBy.remove(d) != null) {
                    LOG.infof("%s: the other writer is gone, writing again; a full sync catches up", d);
                    catchUp.add(d);
                }
                int before = concurrent.get(d).getAndSet(view.writers());
                if (view.writers() > 1 && before <= 1) {
                    LOG.warnf(
                            "%s: %d deployments write %s -> %s: groups %s",
                            d, view.writers(), e.getValue().from(), e.getValue().to(), view.groups());
                }
            }
            for (Direction d : List.copyOf(catchUp)) {
                try {
                    resync.start(Optional.of(d.toString()), Optional.empty(), "writer-gone");
                    catchUp.remove(d);
                } catch (Resync.Busy busy) {
                    // a run is going on: the next tick tries again
                }
            }
        } catch (Resync.Invalid | RuntimeException e) {
            LOG.warnf("Writer watch: %s", e.toString());
        }
    }

    private void send(Heartbeat h) {
        String value;
        try {
            value = json.writeValueAsString(h);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // best effort: a lost heartbeat is made good by the next one
        AcknowledgedSend.send(
                        out,
                        value,
                        OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(writer)
                                .build())
                .whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.debugf("Heartbeat not sent: %s", e.toString());
                    }
                });
    }

    /** Takes another instance's heartbeat; a malformed one is set aside. */
    @Incoming("heartbeats-in")
    public void onHeartbeat(String value) {
        Heartbeat h;
        try {
            h = json.readValue(value, Heartbeat.class);
        } catch (Exception e) {
            rejected.reject("syncmeter.sync-heartbeats", null, value, "malformed-json", e.getMessage());
            return;
        }
        if (h.schema() != Heartbeat.SCHEMA || h.writer() == null || h.group() == null || h.directions() == null) {
            rejected.reject(
                    "syncmeter.sync-heartbeats",
                    null,
                    value,
                    "invalid-event",
                    "schema " + h.schema() + ", writer, group and directions required");
            return;
        }
        if (!h.writer().equals(writer)) {
            writers.heard(h);
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
