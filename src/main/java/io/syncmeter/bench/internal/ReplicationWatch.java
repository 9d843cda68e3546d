package io.syncmeter.bench.internal;

import io.syncmeter.site.Site;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Replication under load, measured with the collector's method: every object a writing site's load
 * PUT is looked for at each target site, and its lag is the time it was first seen there intact (its
 * ETag the one the PUT returned) minus the PUT's acknowledgement. One watcher thread per direction
 * lists the writer's run prefix at the target in rounds, {@code round} apart: one ListObjectsV2 page
 * shows up to 1,000 objects with their ETags, where a HEAD per object would cost a request each (a
 * burst of 10,000 objects is 10 pages a round). A lag is the time the page arrived minus the
 * acknowledgement, so it is never early, and late by at most one round plus one listing.
 *
 * <p>What it gives per direction: the lag distribution, the backlog (written and not yet seen) after
 * each round, and once the load stopped ({@link #drain}) the drain time, from the load's end to the
 * last object seen, or the objects still missing when the drain timeout passed.
 *
 * <p>Threading: {@link #written} from any number of load threads; {@link #start}, {@link #drain} and
 * {@link #close} from the run's thread; {@link #stop} from any. A failed listing is counted, logged
 * and retried the next round.
 */
public final class ReplicationWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReplicationWatch.class);

    /** One direction's figures. */
    public record DirectionResult(
            String writer,
            String target,
            long written,
            long replicated,
            long missing,
            RunResult.Percentiles lag,
            long maxBacklog,
            double drainSeconds,
            boolean drained,
            long listFailures,
            List<BacklogSample> backlog) {}

    /**
     * The backlog after one round.
     *
     * @param seconds since the watch started
     * @param pending objects written at the writer and not yet seen intact at the target
     */
    public record BacklogSample(double seconds, long pending) {}

    /** Where a direction looks: the writer's objects under its prefix, at the target's bucket. */
    public record Direction(String writer, Site target, String prefix) {}

    private final List<Watcher> watchers = new ArrayList<>();
    private final Map<String, List<Watcher>> byWriter = new HashMap<>();
    private final Duration round;
    private final LongSupplier nanos;
    private final long startNanos;
    private volatile long loadEndNanos = -1;
    private volatile boolean stopping;

    /**
     * @param directions each writer and target to watch
     * @param round the time between the starts of two listings of a direction
     * @param nanos the clock ({@link System#nanoTime} but in tests)
     */
    public ReplicationWatch(List<Direction> directions, Duration round, LongSupplier nanos) {
        if (round.isNegative() || round.isZero()) {
            throw new IllegalArgumentException("round must be positive: " + round);
        }
        this.round = round;
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
        for (Direction d : directions) {
            Watcher w = new Watcher(d);
            watchers.add(w);
            byWriter.computeIfAbsent(d.writer(), k -> new ArrayList<>()).add(w);
        }
    }

    /** Starts every direction's watcher thread. */
    public void start() {
        for (Watcher w : watchers) {
            w.thread.start();
        }
    }

    /**
     * Records a PUT the writer's load had acknowledged: it is looked for at every target of the
     * writer. A later PUT of the same key replaces the pending one (what is looked for is the newest).
     *
     * @param ackNanos when the PUT was acknowledged, on this watch's clock
     */
    public void written(String writer, String key, String etag, long ackNanos) {
        for (Watcher w : byWriter.getOrDefault(writer, List.of())) {
            w.written(key, strip(etag), ackNanos);
        }
    }

    /**
     * Marks the load's end and waits until every direction saw every object, at most {@code timeout}
     * after the load's end; then stops the watchers.
     *
     * @param loadEndNanos when the load stopped writing, on this watch's clock
     * @return each direction's figures, in the order given
     */
    public List<DirectionResult> drain(long loadEndNanos, Duration timeout) throws InterruptedException {
        this.loadEndNanos = loadEndNanos;
        long deadline = loadEndNanos + timeout.toNanos();
        for (Watcher w : watchers) {
            long left = deadline - nanos.getAsLong();
            if (left > 0) {
                w.drained.await(left, TimeUnit.NANOSECONDS);
            }
        }
        close();
        List<DirectionResult> out = new ArrayList<>();
        for (Watcher w : watchers) {
            out.add(w.result());
        }
        return out;
    }

    /**
     * Tells the watchers to stop, without waiting for them: a {@link #drain} waiting returns with what
     * was seen so far. Any thread (a cancel); idempotent.
     */
    public void stop() {
        stopping = true;
        for (Watcher w : watchers) {
            w.drained.countDown();
            w.thread.interrupt();
        }
    }

    /** Stops the watchers and waits for them to end; idempotent. */
    @Override
    public void close() {
        stop();
        for (Watcher w : watchers) {
            try {
                w.thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // S3 answers ETags in quotes in listings and PUT responses alike; some servers drop them in one
    static String strip(String etag) {
        if (etag == null) {
            return "";
        }
        String e = etag.strip();
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    private record Pending(String etag, long ackNanos) {}

    private final class Watcher implements Runnable {
        final Direction direction;
        final Thread thread;
        final Map<String, Pending> pending = new ConcurrentHashMap<>();
        final AtomicLong writtenCount = new AtomicLong();
        final CountDownLatch drained = new CountDownLatch(1);
        // the fields below belong to the watcher thread until it ended
        final Histogram lag = new Histogram(3);
        final List<BacklogSample> backlog = new ArrayList<>();
        long replicated;
        long maxBacklog;
        long lastSeenNanos = -1;
        long listFailures;

        Watcher(Direction direction) {
            this.direction = direction;
            this.thread = new Thread(
                    this,
                    "bench-replication-" + direction.writer() + "-"
                            + direction.target().name());
            this.thread.setDaemon(true);
        }

        void written(String key, String etag, long ackNanos) {
            // a key written again before it was seen is looked for in its newest version only
            if (pending.put(key, new Pending(etag, ackNanos)) == null) {
                writtenCount.incrementAndGet();
            }
        }

        @Override
        public void run() {
            long next = nanos.getAsLong();
            while (!stopping) {
                try {
                    long wait = next - nanos.getAsLong();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                } catch (InterruptedException e) {
                    break;
                }
                next = nanos.getAsLong() + round.toNanos();
                try {
                    listOnce();
                } catch (SdkException e) {
                    listFailures++;
                    LOG.debugf(
                            "listing %s at %s failed: %s",
                            direction.prefix(), direction.target().name(), e);
                }
                long now = nanos.getAsLong();
                long left = pending.size();
                maxBacklog = Math.max(maxBacklog, left);
                backlog.add(new BacklogSample((now - startNanos) / 1e9, left));
                if (loadEndNanos >= 0 && left == 0) {
                    drained.countDown();
                }
            }
        }

        private void listOnce() {
            String after = null;
            while (!pending.isEmpty()) {
                String start = after;
                ListObjectsV2Response page = direction
                        .target()
                        .s3()
                        .listObjectsV2(b -> b.bucket(direction.target().bucket())
                                .prefix(direction.prefix())
                                .startAfter(start));
                long arrived = nanos.getAsLong();
                for (S3Object o : page.contents()) {
                    Pending p = pending.get(o.key());
                    if (p != null && p.etag().equals(strip(o.eTag())) && pending.remove(o.key(), p)) {
                        lag.recordValue(Math.max(0, arrived - p.ackNanos()));
                        replicated++;
                        lastSeenNanos = Math.max(lastSeenNanos, arrived);
                    }
                }
                if (!page.isTruncated() || page.contents().isEmpty()) {
                    return;
                }
                after = page.contents().get(page.contents().size() - 1).key();
            }
        }

        DirectionResult result() {
            long end = loadEndNanos;
            boolean done = pending.isEmpty();
            double drain = !done || end < 0 ? -1 : lastSeenNanos < end ? 0 : (lastSeenNanos - end) / 1e9;
            return new DirectionResult(
                    direction.writer(),
                    direction.target().name(),
                    writtenCount.get(),
                    replicated,
                    pending.size(),
                    RunResult.Percentiles.of(lag),
                    maxBacklog,
                    drain,
                    done,
                    listFailures,
                    List.copyOf(backlog));
        }
    }
}
