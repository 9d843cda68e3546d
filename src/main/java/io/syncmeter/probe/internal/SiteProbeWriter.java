package io.syncmeter.probe.internal;

import io.syncmeter.probe.ProbeBody;
import io.syncmeter.probe.ProbeKeys;
import io.syncmeter.probe.ProbeProfile;
import io.syncmeter.probe.ProbeWritten;
import io.syncmeter.site.Site;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Writes probes to one site on an open-loop schedule: slot {@code n} is due at {@code start + n /
 * rate} whatever happened to earlier slots. A slot that finds {@code maxInFlight} PUTs still running
 * is counted skipped, never silently dropped or delayed. Write time is measured from the slot's due
 * time, so a slow store cannot hide its queueing (no coordinated omission).
 *
 * <p>Lifecycle: {@link #start()} once, {@link #stop()} once. The tick runs on the shared
 * scheduler thread; PUTs run on the given worker pool; the listener is called from worker threads.
 */
public final class SiteProbeWriter {

    /** Receives each slot's result. Called from worker threads (and the scheduler for skips). */
    public interface Listener {
        /** The PUT was acknowledged. */
        void written(ProbeWritten event, Duration sinceSlot);

        /** The PUT failed. */
        void failed(String site, String key, Instant slot, Duration sinceSlot, Exception error);

        /** The slot came while {@code maxInFlight} PUTs were running; nothing was sent. */
        void skipped(String site, String key, Instant slot);
    }

    private final Site site;
    private final ProbeProfile profile;
    private final String writerId;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final Semaphore inFlight;
    private final Listener listener;
    private final AtomicLong slot = new AtomicLong();
    private Instant startWall;
    private long startNanos;
    private long periodNanos;
    private ScheduledFuture<?> ticking;

    public SiteProbeWriter(
            Site site,
            ProbeProfile profile,
            String writerId,
            int maxInFlight,
            ScheduledExecutorService scheduler,
            ExecutorService workers,
            Listener listener) {
        this.site = site;
        this.profile = profile;
        this.writerId = writerId;
        this.scheduler = scheduler;
        this.workers = workers;
        this.inFlight = new Semaphore(maxInFlight);
        this.listener = listener;
    }

    /** Starts the schedule. */
    public void start() {
        periodNanos = Math.max(1, Math.round(1_000_000_000d / profile.ratePerSecond()));
        startWall = Instant.now();
        startNanos = System.nanoTime();
        // fixed rate: a late tick is followed by catch-up ticks, each of which keeps its own due time
        ticking = scheduler.scheduleAtFixedRate(this::tick, 0, periodNanos, TimeUnit.NANOSECONDS);
    }

    private void tick() {
        long n = slot.getAndIncrement();
        long dueNanos = startNanos + n * periodNanos;
        Instant due = startWall.plusNanos(n * periodNanos);
        if (!inFlight.tryAcquire()) {
            listener.skipped(site.name(), keyOf(n, due), due);
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    write(n, due, dueNanos);
                } finally {
                    inFlight.release();
                }
            });
        } catch (RuntimeException rejected) {
            inFlight.release();
            listener.skipped(site.name(), keyOf(n, due), due);
        }
    }

    private String keyOf(long sequence, Instant due) {
        return ProbeKeys.key(profile.keyPrefix(), site.name(), due, writerId, sequence);
    }

    private void write(long sequence, Instant due, long dueNanos) {
        String key = keyOf(sequence, due);
        ProbeBody body = ProbeBody.create(key, site.name(), sequence, due, profile.sizeOf(sequence));
        try {
            PutObjectResponse response = site.s3()
                    .putObject(
                            b -> b.bucket(site.bucket())
                                    .key(key)
                                    .contentType("application/octet-stream")
                                    .contentLength((long) body.bytes().length)
                                    .metadata(Map.of(
                                            "syncmeter-origin", site.name(),
                                            "syncmeter-seq", Long.toString(sequence),
                                            "syncmeter-scheduled", due.toString(),
                                            "syncmeter-sha256", body.sha256())),
                            RequestBody.fromBytes(body.bytes()));
            Instant acked = Instant.now();
            Duration took = Duration.ofNanos(System.nanoTime() - dueNanos);
            String etag =
                    response.eTag() == null ? body.md5Hex() : response.eTag().replace("\"", "");
            listener.written(
                    new ProbeWritten(
                            ProbeWritten.SCHEMA,
                            site.name(),
                            site.bucket(),
                            key,
                            writerId,
                            sequence,
                            body.bytes().length,
                            etag,
                            body.md5Hex(),
                            body.sha256(),
                            due,
                            acked),
                    took);
        } catch (RuntimeException e) {
            listener.failed(site.name(), key, due, Duration.ofNanos(System.nanoTime() - dueNanos), e);
        }
    }

    /** Stops scheduling; PUTs in flight finish on the worker pool, which its owner shuts down. */
    public void stop() {
        if (ticking != null) {
            ticking.cancel(false);
        }
    }
}
