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
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
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
 * <p>What it gives per direction: the lag distribution, the lag over time by write time ({@link
 * LagSeries}), the backlog (written and not yet seen) after each round (thinned past {@value
 * BacklogSeries#CAPACITY} samples, peaks kept: {@link BacklogSeries}), in a rate sweep each step's figures ({@link SweepResult}), and once the load stopped ({@link #drain}) the drain time, from the load's end to the
 * last object seen, or the objects still missing when the drain timeout passed.
 *
 * <p>Threading: {@link #written} from any number of load threads; {@link #start}, {@link #drain} and
 * {@link #close} from the run's thread; {@link #stop} from any. A failed listing is counted, logged
 * and retried the next round.
 */
public final class ReplicationWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReplicationWatch.class);

    /**
     * One direction's figures.
     *
     * @param written objects the writer's load wrote (a key written again before it was seen counts
     *     once)
     * @param replicated objects seen intact at the target
     * @param missing objects not seen when the drain ended
     * @param deleted objects the writer's load deleted before they were seen at the target: neither
     *     replicated nor missing
     */
    public record DirectionResult(
            String writer,
            String target,
            long written,
            long replicated,
            long missing,
            long deleted,
            RunResult.Percentiles lag,
            long maxBacklog,
            double drainSeconds,
            boolean drained,
            long listFailures,
            List<BacklogSample> backlog,
            SweepResult sweep,
            List<LagBin> lagHistogram,
            List<LagPoint> lagOverTime) {}

    /**
     * The lags of the objects written in one interval of the run ({@link LagSeries}).
     *
     * @param seconds the interval's start, seconds after the watch started (by the PUTs'
     *     acknowledgements)
     * @param widthSeconds its length
     * @param count objects written in it and seen at the target
     * @param p50 their median lag, seconds
     * @param p99 their 99th percentile, seconds
     * @param max their largest, seconds
     */
    public record LagPoint(double seconds, double widthSeconds, long count, double p50, double p99, double max) {}

    /**
     * One bin of a direction's lag histogram: the bins double from 1 ms up to the largest lag.
     *
     * @param upToSeconds the bin's upper bound; it holds the lags above the bin before's bound
     * @param count how many lags it holds
     */
    public record LagBin(double upToSeconds, long count) {}

    // the first bin's upper bound, in nanoseconds
    private static final long FIRST_BIN_NANOS = 1_000_000L;

    /** The lags of {@code lag} (nanoseconds) in bins that double from 1 ms; empty when it holds none. */
    static List<LagBin> bins(Histogram lag) {
        List<LagBin> bins = new ArrayList<>();
        if (lag.getTotalCount() == 0) {
            return List.of();
        }
        for (HistogramIterationValue v : lag.logarithmicBucketValues(FIRST_BIN_NANOS, 2)) {
            bins.add(new LagBin(v.getValueIteratedTo() / 1e9, v.getCountAddedInThisIterationStep()));
        }
        return List.copyOf(bins);
    }

    /**
     * A rate sweep's steps on the watch's clock: a write acknowledged from {@code firstNanos + i ×
     * lengthNanos} on belongs to step {@code i} (the last step keeps what is acknowledged after it, the
     * writes that were in flight at its end); earlier ones, the warm-up's, to none.
     *
     * @param rates each step's target rate, writes per second per writer
     * @param maxLagSeconds a step keeps up when its p99 lag stays under this ({@link SweepResult})
     */
    public record Steps(long firstNanos, long lengthNanos, List<Double> rates, double maxLagSeconds) {
        public Steps {
            rates = List.copyOf(rates);
            if (lengthNanos <= 0 || rates.isEmpty()) {
                throw new IllegalArgumentException("steps need a length and a rate");
            }
        }

        // -1 before the first step
        int stepOf(long ackNanos) {
            if (ackNanos < firstNanos) {
                return -1;
            }
            return (int) Math.min(rates.size() - 1, (ackNanos - firstNanos) / lengthNanos);
        }
    }

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

    /**
     * Makes this a rate sweep's watch: each direction's writes are judged per step too. Before the
     * first {@link #written} of a step; from the run's thread.
     */
    public void sweep(Steps sweepSteps) {
        for (Watcher w : watchers) {
            w.sweep(sweepSteps);
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
     * Records a DELETE the writer's load had acknowledged: a key still looked for is no longer (its
     * deletion, not its copy, is what reaches the targets), and is counted as deleted, neither
     * replicated nor missing.
     */
    public void deleted(String writer, String key) {
        for (Watcher w : byWriter.getOrDefault(writer, List.of())) {
            w.deleted(key);
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

    // step: the sweep step it was acknowledged in, -1 for none
    private record Pending(String etag, long ackNanos, int step) {}

    // one direction's figures per step of a sweep; the histograms and samples belong to the watcher
    // thread, the written counts to the load threads
    private static final class StepFigures {
        final Steps steps;
        final Histogram[] lag;
        final AtomicLongArray written;
        // the backlog at each half step's boundary (0 the first step's start, 2i + 2 step i's end):
        // objects acknowledged before it and first seen after it, counted as each is seen, so a slow
        // listing round cannot blur it; the never seen are added at the end
        final long[] backlogAt;

        StepFigures(Steps steps) {
            this.steps = steps;
            int n = steps.rates().size();
            this.lag = new Histogram[n];
            for (int i = 0; i < n; i++) {
                lag[i] = new Histogram(3);
            }
            this.written = new AtomicLongArray(n);
            this.backlogAt = new long[2 * n + 1];
        }

        // the last boundary at or before t; -1 before the first
        private int boundaryAtOrBefore(long t) {
            if (t < steps.firstNanos()) {
                return -1;
            }
            long since = t - steps.firstNanos();
            // never-seen objects ask with the end of time: every boundary after their write
            return since >= Long.MAX_VALUE / 2
                    ? backlogAt.length - 1
                    : (int) Math.min(backlogAt.length - 1, since * 2 / steps.lengthNanos());
        }

        // on the watcher thread: an object acknowledged at ack was pending at every boundary after it
        // up to when it was seen
        void seen(long ackNanos, long seenNanos) {
            for (int b = boundaryAtOrBefore(ackNanos) + 1; b <= boundaryAtOrBefore(seenNanos); b++) {
                backlogAt[b]++;
            }
        }

        SweepResult result(Map<String, Pending> pending) {
            int n = steps.rates().size();
            long[] missing = new long[n];
            pending.values().forEach(p -> {
                if (p.step() >= 0) {
                    missing[p.step()]++;
                }
                seen(p.ackNanos(), Long.MAX_VALUE);
            });
            double seconds = steps.lengthNanos() / 1e9;
            List<SweepResult.Step> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(SweepResult.judge(
                        steps.rates().get(i),
                        seconds,
                        written.get(i),
                        lag[i],
                        missing[i],
                        backlogAt[2 * i],
                        backlogAt[2 * i + 1],
                        backlogAt[2 * i + 2],
                        steps.maxLagSeconds()));
            }
            return SweepResult.of(steps.maxLagSeconds(), seconds, out);
        }
    }

    private final class Watcher implements Runnable {
        final Direction direction;
        final Thread thread;
        final Map<String, Pending> pending = new ConcurrentHashMap<>();
        final AtomicLong writtenCount = new AtomicLong();
        final AtomicLong deletedCount = new AtomicLong();
        final CountDownLatch drained = new CountDownLatch(1);
        // the fields below belong to the watcher thread until it ended
        final Histogram lag = new Histogram(3);
        final BacklogSeries backlog = new BacklogSeries();
        final LagSeries lagOverTime = new LagSeries();
        long replicated;
        long maxBacklog;
        long lastSeenNanos = -1;
        long listFailures;
        volatile StepFigures stepFigures;

        Watcher(Direction direction) {
            this.direction = direction;
            this.thread = new Thread(
                    this,
                    "bench-replication-" + direction.writer() + "-"
                            + direction.target().name());
            this.thread.setDaemon(true);
        }

        void sweep(Steps s) {
            stepFigures = new StepFigures(s);
        }

        void written(String key, String etag, long ackNanos) {
            StepFigures f = stepFigures;
            int step = f == null ? -1 : f.steps.stepOf(ackNanos);
            // a key written again before it was seen is looked for in its newest version only
            if (pending.put(key, new Pending(etag, ackNanos, step)) == null) {
                writtenCount.incrementAndGet();
                if (step >= 0) {
                    f.written.incrementAndGet(step);
                }
            }
        }

        void deleted(String key) {
            if (pending.remove(key) != null) {
                deletedCount.incrementAndGet();
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
                backlog.add((now - startNanos) / 1e9, left);
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
                        long l = Math.max(0, arrived - p.ackNanos());
                        lag.recordValue(l);
                        lagOverTime.add(p.ackNanos() - startNanos, l);
                        StepFigures f = stepFigures;
                        if (f != null) {
                            f.seen(p.ackNanos(), arrived);
                            if (p.step() >= 0) {
                                f.lag[p.step()].recordValue(l);
                            }
                        }
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
                    deletedCount.get(),
                    RunResult.Percentiles.of(lag),
                    maxBacklog,
                    drain,
                    done,
                    listFailures,
                    backlog.samples(),
                    stepFigures == null ? null : stepFigures.result(pending),
                    bins(lag),
                    lagOverTime.points());
        }
    }
}
