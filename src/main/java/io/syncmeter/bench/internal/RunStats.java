package io.syncmeter.bench.internal;

import io.syncmeter.bench.WorkloadProfile.Operation;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The measured operations of one run at one site, per operation: successes, errors by kind, bytes,
 * and HdrHistograms (nanoseconds, 3 significant digits) of latency (from the due time: queueing
 * included in an open loop), service time (from the actual start) and time to first byte. Only
 * successes go into the histograms; a failure is counted by its kind.
 *
 * <p>Threading: {@link #record} from any number of worker threads (wait-free, HdrHistogram {@link
 * Recorder}s); {@link #interval} and {@link #snapshot} from one sampling thread.
 */
public final class RunStats {

    /** The error kind of an operation that threw instead of telling its result. */
    public static final String EXCEPTION = "exception";

    /**
     * One operation's figures over some time.
     *
     * @param succeeded operations that succeeded
     * @param errors failed operations by error kind
     * @param bytes object bytes moved by the successes
     * @param latency from due time to end, successes only
     * @param service from start to end, successes only
     * @param firstByte from start to the first byte, where the operation measured it
     */
    public record Figures(
            long succeeded,
            Map<String, Long> errors,
            long bytes,
            Histogram latency,
            Histogram service,
            Histogram firstByte) {

        /** Failed operations of every kind. */
        public long failed() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * The figures of one sampling interval.
     *
     * @param startNanos the interval's start ({@link System#nanoTime()})
     * @param endNanos its end
     * @param operations each operation's figures in it; an operation not made is absent
     * @param exceptions operations that threw (their operation is unknown)
     */
    public record Interval(long startNanos, long endNanos, Map<Operation, Figures> operations, long exceptions) {

        /** Operations that ended in the interval, successes and failures, per second. */
        public double operationsPerSecond() {
            return made(operations, exceptions) / ((endNanos - startNanos) / 1e9);
        }
    }

    /**
     * The whole run's figures.
     *
     * @param operations each operation's; an operation not made is absent
     * @param exceptions operations that threw
     */
    public record Snapshot(Map<Operation, Figures> operations, long exceptions) {

        /** Every measured operation, successes and failures. */
        public long total() {
            return made(operations, exceptions);
        }
    }

    // operations that ended, successes, failures and those that threw
    private static long made(Map<Operation, Figures> operations, long exceptions) {
        return exceptions
                + operations.values().stream()
                        .mapToLong(f -> f.succeeded() + f.failed())
                        .sum();
    }

    private static final class PerOperation {
        final Recorder latency = new Recorder(3);
        final Recorder service = new Recorder(3);
        final Recorder firstByte = new Recorder(3);
        final LongAdder bytes = new LongAdder();
        final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        // the sampling thread's: the whole run's, and the counters at the last interval
        final Histogram totalLatency = new Histogram(3);
        final Histogram totalService = new Histogram(3);
        final Histogram totalFirstByte = new Histogram(3);
        long lastBytes;
        final Map<String, Long> lastErrors = new TreeMap<>();
        long succeeded;
        long lastSucceeded;
    }

    private final Map<Operation, PerOperation> operations = new EnumMap<>(Operation.class);
    private final LongAdder exceptions = new LongAdder();
    private long lastExceptions;
    private long intervalStart = System.nanoTime();

    public RunStats() {
        for (Operation op : Operation.values()) {
            operations.put(op, new PerOperation());
        }
    }

    /**
     * Records one measured operation.
     *
     * @param result what it did; null when it threw
     * @param due when it was due (open loop) or started (closed loop)
     * @param began when it started
     * @param end when it ended
     */
    public void record(OpResult result, long due, long began, long end) {
        if (result == null) {
            exceptions.increment();
            return;
        }
        PerOperation p = operations.get(result.operation());
        if (!result.succeeded()) {
            p.errors.computeIfAbsent(result.error(), k -> new LongAdder()).increment();
            return;
        }
        p.latency.recordValue(Math.max(0, end - due));
        p.service.recordValue(Math.max(0, end - began));
        if (result.firstByteNanos() >= 0) {
            p.firstByte.recordValue(result.firstByteNanos());
        }
        p.bytes.add(result.bytes());
    }

    /** The figures since the last interval (or the start), added to the run's; sampling thread only. */
    public Interval interval(long now) {
        Map<Operation, Figures> figures = new EnumMap<>(Operation.class);
        operations.forEach((op, p) -> {
            Histogram latency = p.latency.getIntervalHistogram();
            Histogram service = p.service.getIntervalHistogram();
            Histogram firstByte = p.firstByte.getIntervalHistogram();
            p.totalLatency.add(latency);
            p.totalService.add(service);
            p.totalFirstByte.add(firstByte);
            p.succeeded += latency.getTotalCount();
            long bytes = p.bytes.sum();
            Map<String, Long> errors = new TreeMap<>();
            p.errors.forEach((kind, n) -> {
                long total = n.sum();
                long delta = total - p.lastErrors.getOrDefault(kind, 0L);
                p.lastErrors.put(kind, total);
                if (delta > 0) {
                    errors.put(kind, delta);
                }
            });
            if (latency.getTotalCount() > 0 || !errors.isEmpty()) {
                figures.put(
                        op,
                        new Figures(
                                latency.getTotalCount(),
                                Collections.unmodifiableMap(errors),
                                bytes - p.lastBytes,
                                latency,
                                service,
                                firstByte));
            }
            p.lastBytes = bytes;
        });
        long ex = exceptions.sum();
        Interval i = new Interval(intervalStart, now, Collections.unmodifiableMap(figures), ex - lastExceptions);
        lastExceptions = ex;
        intervalStart = now;
        return i;
    }

    /**
     * The whole run's figures up to the last {@link #interval}; sampling thread only. The histograms
     * are copies.
     */
    public Snapshot snapshot() {
        Map<Operation, Figures> figures = new EnumMap<>(Operation.class);
        operations.forEach((op, p) -> {
            if (p.succeeded > 0 || !p.lastErrors.isEmpty()) {
                figures.put(
                        op,
                        new Figures(
                                p.succeeded,
                                Collections.unmodifiableMap(new TreeMap<>(p.lastErrors)),
                                p.lastBytes,
                                p.totalLatency.copy(),
                                p.totalService.copy(),
                                p.totalFirstByte.copy()));
            }
        });
        return new Snapshot(Collections.unmodifiableMap(figures), lastExceptions);
    }
}
