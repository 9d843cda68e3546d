package io.syncmeter.lifecycle.internal;

import org.jboss.logging.Logger;

/**
 * Logs a repeating failure of one activity without flooding the log: the first failure, then every
 * hundredth in a row, and the recovery. Thread-safe.
 */
public final class FailureLog {

    private static final int EVERY = 100;

    private final Logger log;
    private final String activity;
    private long failures;

    /** @param activity what fails, as the start of a sentence: "Retention sweep at dc1" */
    public FailureLog(Logger log, String activity) {
        this.log = log;
        this.activity = activity;
    }

    /** One failure. */
    public synchronized void failed(Throwable error) {
        failures++;
        if (failures == 1 || failures % EVERY == 0) {
            log.warnf("%s failed (%d in a row): %s", activity, failures, error.toString());
        }
    }

    /** One success: ends a run of failures. */
    public synchronized void succeeded() {
        if (failures > 0) {
            log.infof("%s works again after %d failures", activity, failures);
            failures = 0;
        }
    }
}
