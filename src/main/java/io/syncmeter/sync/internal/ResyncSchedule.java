package io.syncmeter.sync.internal;

import java.time.Duration;

/**
 * When the scheduled full syncs are due: once after start (when asked for), then every interval, and
 * after a scheduled run that failed, again after a backoff instead of only at the next interval. A
 * failed start-up run would otherwise leave changes that no notification carries unsynced for the
 * whole interval (6 h by default), and the usual cause (a site or the broker slow or away for a while)
 * passes in minutes. The backoff starts at {@value #FIRST_RETRY_SECONDS} s and doubles with each
 * failure in a row, up to {@value #MAX_RETRY_SECONDS} s (or the interval, when shorter); a scheduled
 * run that succeeds ends the retries.
 *
 * <p>Times are milliseconds of the caller's clock. Threading: thread-safe.
 */
public final class ResyncSchedule {

    /** The first retry's delay after a failed scheduled run, in seconds. */
    static final long FIRST_RETRY_SECONDS = 30;

    /** The longest delay between retries, in seconds. */
    static final long MAX_RETRY_SECONDS = 900;

    /** Why a run is due. */
    public enum Trigger {
        /** the first run after start */
        START("start"),
        /** the periodic run */
        INTERVAL("interval"),
        /** a scheduled run again, after the last one failed */
        RETRY("retry");

        private final String word;

        Trigger(String word) {
            this.word = word;
        }

        /** How the log and the run's report name it. */
        public String word() {
            return word;
        }

        /** The trigger its word names, or null for a run that was asked for. */
        public static Trigger of(String word) {
            for (Trigger t : values()) {
                if (t.word.equals(word)) {
                    return t;
                }
            }
            return null;
        }
    }

    private final long intervalMillis;
    private final boolean onStart;
    private boolean started;
    private long next = Long.MAX_VALUE;
    private int failures;

    /**
     * @param interval how often a run is due; zero for never (a failed start-up run is still retried)
     * @param onStart whether a run is due once at the first {@link #due} call
     */
    public ResyncSchedule(Duration interval, boolean onStart) {
        this.intervalMillis = interval.toMillis();
        this.onStart = onStart;
    }

    /**
     * The run due at {@code now}, or null; a trigger returned is taken (not returned again until its
     * next time). The caller asks only while no run is going on.
     */
    public synchronized Trigger due(long now) {
        if (!started) {
            started = true;
            next = intervalMillis == 0 ? Long.MAX_VALUE : now + intervalMillis;
            return onStart ? Trigger.START : null;
        }
        if (now < next) {
            return null;
        }
        Trigger t = failures > 0 ? Trigger.RETRY : Trigger.INTERVAL;
        next = intervalMillis == 0 ? Long.MAX_VALUE : now + intervalMillis;
        return t;
    }

    /** A scheduled run ended at {@code now}: a failure brings the next run forward to its backoff. */
    public synchronized void ended(boolean succeeded, long now) {
        if (succeeded) {
            failures = 0;
            return;
        }
        failures++;
        next = Math.min(next, now + backoff(failures).toMillis());
    }

    /** The delay before the retry after {@code failures} scheduled runs failed in a row (from 1). */
    public Duration backoff(int failures) {
        long seconds = FIRST_RETRY_SECONDS << Math.min(failures - 1, 20);
        long cap = MAX_RETRY_SECONDS * 1000;
        if (intervalMillis > 0) {
            cap = Math.min(cap, intervalMillis);
        }
        return Duration.ofMillis(Math.min(seconds * 1000, cap));
    }

    /** When the next scheduled run is due (milliseconds), {@link Long#MAX_VALUE} for never. */
    public synchronized long next() {
        return next;
    }

    /** Scheduled runs that failed in a row, 0 after one succeeded. */
    public synchronized int failures() {
        return failures;
    }
}
