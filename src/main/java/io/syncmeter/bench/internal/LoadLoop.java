package io.syncmeter.bench.internal;

import io.syncmeter.bench.WorkloadProfile.AutoTerminate;
import io.syncmeter.bench.WorkloadProfile.Load;
import io.syncmeter.bench.WorkloadProfile.Stop;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Applies a workload's load to one site's {@link Operations} and measures every operation.
 *
 * <ul>
 *   <li><b>Closed loop</b> ({@link Load.ClosedLoop}): {@code concurrency} workers, each starting an
 *       operation when its last one ended. Latency is the operation's own time.
 *   <li><b>Open loop</b> ({@link Load.OpenLoop}): slot {@code n} is due at {@code start + n / rate}
 *       (or where a {@link RateSchedule} of rising steps puts it), whatever earlier slots did; up
 *       to {@code maxInFlight} workers take the slots in order (a few at first, one more each time
 *       a slot is taken late). A slot due while every worker is busy waits for one, and its latency counts from its due time, so the
 *       queueing a slow server causes is in the figures (corrected for coordinated omission, as wrk2
 *       and HdrHistogram do); the operation's own time is kept apart as service time. No slot is
 *       dropped: a server that cannot keep up shows as latency growing with the backlog.
 * </ul>
 *
 * <p>Operations that start (closed loop) or are due (open loop) in the warm-up are made but not
 * measured. The measured part ends at its {@link Stop} (a duration after the warm-up, or a number of
 * measured operations), when throughput has been stable for the {@link AutoTerminate} window, or on
 * {@link #cancel()}; operations in flight then finish and are measured.
 *
 * <p>Lifecycle: {@link #run} once, on the caller's thread, which it blocks until the end; {@link
 * #cancel()} from any thread. The listener is called on the loop's sampling thread once per interval.
 */
public final class LoadLoop {

    private static final int INITIAL_WORKERS = 4;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    // a slot first taken this long after it was due found every worker busy
    private static final long LATE_NANOS = 1_000_000L;

    /** Why a run's measured part ended. */
    public enum Ended {
        /** Its duration passed or its operations were made. */
        STOPPED,
        /** Throughput stayed within the tolerance for the auto-termination window. */
        STABLE,
        /** {@link #cancel()}. */
        CANCELLED
    }

    /**
     * The whole run's figures.
     *
     * @param stats every measured operation's
     * @param ended why it ended
     * @param warmUpOperations operations made in the warm-up, not measured
     * @param workerCpu CPU time the load's worker threads used, warm-up included: the generator's own
     *     cost (the S3 client runs on them), without an in-process server's
     */
    public record Result(RunStats.Snapshot stats, Ended ended, long warmUpOperations, Duration workerCpu) {}

    private final Load load;
    private final Stop stop;
    private final Duration warmUp;
    private final AutoTerminate autoTerminate;
    private final Operations operations;
    private final Duration interval;
    private final AtomicReference<Ended> ended = new AtomicReference<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong measuredTaken = new AtomicLong();
    private final AtomicLong warmUpMade = new AtomicLong();
    private final AtomicInteger live = new AtomicInteger();
    private final LongAdder workerCpuNanos = new LongAdder();
    private final Object idle = new Object();
    private final int maxWorkers;
    // when an open loop's slots are due; null in a closed loop
    private final RateSchedule schedule;
    // guarded by idle once the run started
    private int started;

    /**
     * @param autoTerminate null for none
     * @param interval how often figures are sampled (progress, interval logs, auto-termination)
     */
    public LoadLoop(
            Load load,
            Stop stop,
            Duration warmUp,
            AutoTerminate autoTerminate,
            Operations operations,
            Duration interval) {
        this(load, stop, warmUp, autoTerminate, operations, interval, null);
    }

    /**
     * An open loop on a schedule of its own, as a rate sweep's steps.
     *
     * @param schedule when the open loop's slots are due; null for the load's own (an open loop's
     *     constant rate, a closed loop's none)
     */
    public LoadLoop(
            Load load,
            Stop stop,
            Duration warmUp,
            AutoTerminate autoTerminate,
            Operations operations,
            Duration interval,
            RateSchedule schedule) {
        if (schedule != null && load instanceof Load.ClosedLoop) {
            throw new IllegalArgumentException("a closed loop has no schedule");
        }
        this.schedule = schedule != null || !(load instanceof Load.OpenLoop o)
                ? schedule
                : RateSchedule.constant(o.ratePerSecond());
        this.load = Objects.requireNonNull(load, "load");
        this.stop = Objects.requireNonNull(stop, "stop");
        this.warmUp = Objects.requireNonNull(warmUp, "warmUp");
        this.autoTerminate = autoTerminate;
        this.operations = Objects.requireNonNull(operations, "operations");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        this.interval = interval;
        this.maxWorkers = load instanceof Load.ClosedLoop c ? c.concurrency() : ((Load.OpenLoop) load).maxInFlight();
    }

    /** Ends the measured part now; operations in flight finish. Idempotent, thread-safe. */
    public void cancel() {
        ended.compareAndSet(null, Ended.CANCELLED);
    }

    /**
     * Runs the load to its end.
     *
     * @param progress told of every interval's figures, on the sampling thread
     */
    public Result run(Consumer<RunStats.Interval> progress) throws InterruptedException {
        return run(System.nanoTime(), progress);
    }

    /**
     * Runs the load to its end, its schedule counted from {@code start}: loops at several sites given
     * one start keep their steps in step.
     *
     * @param start the load's start, on {@link System#nanoTime}'s clock (now, or a moment ago)
     * @param progress told of every interval's figures, on the sampling thread
     */
    public Result run(long start, Consumer<RunStats.Interval> progress) throws InterruptedException {
        RunStats stats = new RunStats();
        long measureFrom = start + warmUp.toNanos();
        long measureUntil = stop instanceof Stop.AfterDuration d
                ? measureFrom + d.duration().toNanos()
                : Long.MAX_VALUE;
        // an open loop starts few workers and adds one whenever a slot is taken late, up to its
        // maximum: 1,024 threads parked for a slow schedule would claim slots far ahead for nothing
        int first = load instanceof Load.ClosedLoop c ? c.concurrency() : Math.min(INITIAL_WORKERS, maxWorkers);
        synchronized (idle) {
            for (int w = 0; w < first; w++) {
                spawn(() -> work(stats, start, measureFrom, measureUntil));
            }
        }
        // the last window's intervals, for the auto-termination
        List<RunStats.Interval> intervals = new ArrayList<>();
        try {
            long next = start + interval.toNanos();
            while (!awaitWorkers(next - System.nanoTime())) {
                RunStats.Interval i = stats.interval(System.nanoTime());
                intervals.add(i);
                if (autoTerminate != null) {
                    intervals.removeIf(old -> old.endNanos()
                            < i.endNanos() - autoTerminate.window().toNanos());
                } else {
                    intervals.clear();
                }
                progress.accept(i);
                if (autoTerminate != null
                        && i.endNanos() > measureFrom
                        && stable(intervals, measureFrom, autoTerminate)) {
                    ended.compareAndSet(null, Ended.STABLE);
                }
                next += interval.toNanos();
            }
        } finally {
            // an interrupted caller stops the load too
            ended.compareAndSet(null, Ended.CANCELLED);
            awaitWorkers(Long.MAX_VALUE);
        }
        progress.accept(stats.interval(System.nanoTime()));
        return new Result(stats.snapshot(), ended.get(), warmUpMade.get(), Duration.ofNanos(workerCpuNanos.sum()));
    }

    private void spawn(Runnable body) {
        int n = live.incrementAndGet();
        started++;
        Thread t = new Thread(
                () -> {
                    try {
                        body.run();
                    } finally {
                        // read by the thread itself before it ends: a dead thread's CPU is no longer readable
                        long cpu = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
                        workerCpuNanos.add(Math.max(0, cpu));
                        if (live.decrementAndGet() == 0) {
                            synchronized (idle) {
                                idle.notifyAll();
                            }
                        }
                    }
                },
                "bench-load-" + n);
        t.setDaemon(true);
        t.start();
    }

    // true once every worker has ended; false when the time ran out first
    private boolean awaitWorkers(long nanos) throws InterruptedException {
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, nanos);
        synchronized (idle) {
            while (live.get() > 0) {
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, Math.min(left, 1_000_000_000L));
            }
            return true;
        }
    }

    private void work(RunStats stats, long start, long measureFrom, long measureUntil) {
        long limit = stop instanceof Stop.AfterOperations o ? o.operations() : Long.MAX_VALUE;
        while (ended.get() == null) {
            long n = sequence.getAndIncrement();
            long taken = System.nanoTime();
            long at = schedule == null ? 0 : schedule.dueNanos(n);
            long due = schedule == null ? taken : at == RateSchedule.NEVER ? measureUntil : start + at;
            if (due >= measureUntil) {
                ended.compareAndSet(null, Ended.STOPPED);
                return;
            }
            boolean measured = due >= measureFrom;
            if (measured && measuredTaken.incrementAndGet() > limit) {
                ended.compareAndSet(null, Ended.STOPPED);
                return;
            }
            if (!awaitDue(due)) {
                return;
            }
            long began = System.nanoTime();
            if (schedule != null && taken - due > LATE_NANOS) {
                // the slot was overdue before any worker was free to take it (a worker that waited
                // for it and woke late does not count): one more worker, while any are left
                addWorker(stats, start, measureFrom, measureUntil);
            }
            OpResult r;
            try {
                r = operations.next(n);
            } catch (RuntimeException e) {
                // a bug of the operations, not the server's doing: counted, and the load goes on
                r = null;
            }
            long end = System.nanoTime();
            if (measured) {
                stats.record(r, due, began, end);
            } else {
                warmUpMade.incrementAndGet();
            }
        }
    }

    private void addWorker(RunStats stats, long start, long measureFrom, long measureUntil) {
        synchronized (idle) {
            if (started < maxWorkers && ended.get() == null) {
                spawn(() -> work(stats, start, measureFrom, measureUntil));
            }
        }
    }

    // false when the run was ended early while waiting (a stop by its duration or count still makes
    // the slots taken before it: they are due before the end)
    private boolean awaitDue(long due) {
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            Ended e = ended.get();
            if (e == Ended.CANCELLED || e == Ended.STABLE) {
                return false;
            }
            LockSupport.parkNanos(Math.min(wait, 50_000_000L));
        }
        return true;
    }

    /**
     * Whether throughput was stable over the window: the measured intervals that end in the last
     * window cover it, and each one's operations per second is within the tolerance of their mean.
     */
    static boolean stable(List<RunStats.Interval> intervals, long measureFrom, AutoTerminate rule) {
        if (intervals.isEmpty()) {
            return false;
        }
        long end = intervals.get(intervals.size() - 1).endNanos();
        long from = end - rule.window().toNanos();
        if (from < measureFrom) {
            return false;
        }
        List<Double> rates = new ArrayList<>();
        for (int i = intervals.size() - 1; i >= 0 && intervals.get(i).startNanos() >= from; i--) {
            rates.add(intervals.get(i).operationsPerSecond());
        }
        if (rates.size() < 2) {
            return false;
        }
        double mean = rates.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        if (mean <= 0) {
            return false;
        }
        double tolerance = mean * rule.tolerancePercent() / 100;
        return rates.stream().allMatch(r -> Math.abs(r - mean) <= tolerance);
    }
}
