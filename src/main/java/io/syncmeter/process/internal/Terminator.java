package io.syncmeter.process.internal;

import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Ends the process after a fatal fault: one ERROR line naming the failed part and the cause, then a
 * halt or an exit with a non-zero status.
 *
 * <p>Threading: {@link #fatal} may be called from any thread, concurrently; calls are serialised, so
 * a halting call finishes its line before the process ends and later callers block until it has.
 * The exit (a shutdown that runs the hooks) is started on a fresh thread, never on the caller's:
 * the caller may be a thread that the shutdown itself waits for, and {@code System.exit} blocks its
 * caller for as long as the hooks run.
 */
public final class Terminator {

    /** What a fatal fault does to the process. */
    public enum Action {
        /** {@code Runtime.halt}: end now, no shutdown hooks. */
        HALT,
        /** {@code System.exit} on a fresh thread: a bounded graceful shutdown (see the watchdog). */
        EXIT,
        /** Nothing more: an exit is already under way. */
        NONE
    }

    private final Consumer<String> errorLog;
    private final IntConsumer halt;
    private final IntConsumer exitOnFreshThread;
    private final BooleanSupplier shutdownUnderWay;

    private final Object lock = new Object();
    private volatile OptionalInt status = OptionalInt.empty();

    /**
     * @param errorLog writes one ERROR line
     * @param halt ends the process at once with this status (does not return in production)
     * @param exitOnFreshThread starts {@code System.exit(status)} on a new thread and returns
     * @param shutdownUnderWay whether the JVM is already running its shutdown hooks
     */
    public Terminator(
            Consumer<String> errorLog,
            IntConsumer halt,
            IntConsumer exitOnFreshThread,
            BooleanSupplier shutdownUnderWay) {
        this.errorLog = errorLog;
        this.halt = halt;
        this.exitOnFreshThread = exitOnFreshThread;
        this.shutdownUnderWay = shutdownUnderWay;
    }

    /**
     * A halt when one is asked for or a shutdown is already under way (an exit then would block its
     * caller forever, and the hooks might wait for that very caller); otherwise an exit, unless one
     * has already been started.
     */
    public static Action decide(boolean haltRequested, boolean shutdownUnderWay, boolean exitStarted) {
        if (haltRequested || shutdownUnderWay) {
            return Action.HALT;
        }
        return exitStarted ? Action.NONE : Action.EXIT;
    }

    /**
     * Reports a fatal fault and ends the process.
     *
     * @param part what failed, e.g. {@code Embedded Kafka broker}
     * @param cause why, one line
     * @param requestedStatus the status asked for; 0 becomes 1, since this end is never a success
     * @param haltRequested whether the process must end without running shutdown hooks
     * @return the action taken (in production a halt does not return)
     */
    public Action fatal(String part, String cause, int requestedStatus, boolean haltRequested) {
        int code = requestedStatus == 0 ? 1 : requestedStatus;
        synchronized (lock) {
            Action action = decide(haltRequested, shutdownUnderWay.getAsBoolean(), status.isPresent());
            try {
                errorLog.accept(line(part, cause, action, status.orElse(code)));
            } catch (Throwable logFailed) {
                // the process must end even when logging cannot (an OutOfMemoryError, a closed stream)
            }
            switch (action) {
                case HALT -> {
                    status = OptionalInt.of(status.orElse(code));
                    halt.accept(status.getAsInt());
                }
                case EXIT -> {
                    status = OptionalInt.of(code);
                    exitOnFreshThread.accept(code);
                }
                case NONE -> {}
            }
            return action;
        }
    }

    /** The status of the exit or halt a fatal fault started, if one did. */
    public OptionalInt status() {
        return status;
    }

    static String line(String part, String cause, Action action, int code) {
        String end = switch (action) {
            case HALT -> "syncmeter halts with status " + code;
            case EXIT -> "syncmeter exits with status " + code;
            case NONE -> "syncmeter is already exiting with status " + code;
        };
        return part + " failed: " + oneLine(cause) + "; " + end;
    }

    private static String oneLine(String s) {
        return s == null || s.isBlank() ? "no cause given" : s.strip().replaceAll("\\s*\\R\\s*", " | ");
    }
}
