package io.syncmeter.sync.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Notices that this process stood still — frozen (SIGSTOP), suspended, a long collector pause —
 * because while it stood still the consumer group may have given its shards to another worker without
 * it knowing. A tick every {@code tick} on a daemon thread; a gap between ticks longer than {@code
 * threshold} is a pause. {@link #pausedSince} answers for a change taken at a given time whether the
 * process may have stood still since then, including a pause that has just ended and that the ticking
 * thread has not seen yet (the threads of a process resume in any order).
 *
 * <p>Times: gaps are measured on the monotonic clock; the end of the last pause is kept in epoch
 * milliseconds too, to compare with the time a record was written (its Kafka timestamp), which is
 * before it was taken. Threading: {@link #tick} from the ticking thread (or a test), the queries from
 * any thread. {@link #close()} stops the thread.
 */
public final class PauseWatch implements AutoCloseable {

    private final long thresholdNanos;
    private final LongSupplier nanos;
    private final LongSupplier millis;
    private volatile long lastTickNanos;
    private volatile long lastPauseEndMillis = Long.MIN_VALUE;
    private volatile long pauses;
    private final Thread thread;

    /** A watch ticking on its own daemon thread every {@code tickMillis}; gaps over {@code thresholdMillis} are pauses. */
    public static PauseWatch start(long tickMillis, long thresholdMillis) {
        return new PauseWatch(tickMillis, thresholdMillis, System::nanoTime, System::currentTimeMillis, true);
    }

    /** A watch that ticks only when {@link #tick} is called, on the given clocks (for tests). */
    static PauseWatch manual(long thresholdMillis, LongSupplier nanos, LongSupplier millis) {
        return new PauseWatch(0, thresholdMillis, nanos, millis, false);
    }

    private PauseWatch(long tickMillis, long thresholdMillis, LongSupplier nanos, LongSupplier millis, boolean run) {
        if (run && (tickMillis < 1 || thresholdMillis < 2 * tickMillis)) {
            throw new IllegalArgumentException("the threshold must be at least two ticks");
        }
        this.thresholdNanos = TimeUnit.MILLISECONDS.toNanos(thresholdMillis);
        this.nanos = nanos;
        this.millis = millis;
        this.lastTickNanos = nanos.getAsLong();
        if (run) {
            long tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
            thread = new Thread(
                    () -> {
                        while (!Thread.currentThread().isInterrupted()) {
                            LockSupport.parkNanos(tickNanos);
                            tick();
                        }
                    },
                    "sync-pause-watch");
            thread.setDaemon(true);
            thread.start();
        } else {
            thread = null;
        }
    }

    /** One tick: a gap since the last one longer than the threshold is recorded as a pause that ends now. */
    void tick() {
        long now = nanos.getAsLong();
        if (now - lastTickNanos > thresholdNanos) {
            lastPauseEndMillis = millis.getAsLong();
            pauses++;
        }
        lastTickNanos = now;
    }

    /**
     * Whether the process may have stood still after {@code sinceMillis} (epoch milliseconds): a pause
     * ended after it, or the ticks have stopped for longer than the threshold right now (a pause that
     * is ending, seen from a thread that resumed first).
     */
    public boolean pausedSince(long sinceMillis) {
        return nanos.getAsLong() - lastTickNanos > thresholdNanos || lastPauseEndMillis >= sinceMillis;
    }

    /** Pauses seen since the start. */
    public long pauses() {
        return pauses;
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
