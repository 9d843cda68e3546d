package io.syncmeter.process;

import io.syncmeter.process.internal.Terminator;
import java.util.OptionalInt;
import org.jboss.logging.Logger;

/**
 * Ends the process after a fatal fault of one of its parts (an embedded broker or S3 site, a thread
 * that met an {@link OutOfMemoryError}), with one ERROR line naming the part and the cause and a
 * non-zero status, instead of running on half-dead or hanging.
 *
 * <p>A halt ({@code Runtime.halt}) when the fault asks for one or when a shutdown is already under
 * way; otherwise {@code System.exit} on a fresh thread, a graceful shutdown that the shutdown
 * watchdog bounds ({@code syncmeter.process.shutdown-timeout}). Never {@code System.exit} inside a
 * shutdown: it would block its caller forever, and the shutdown might be waiting for that caller.
 *
 * <p>Threading: callable from any thread, concurrently (see {@link Terminator}); JVM-wide.
 */
public final class Termination {

    private static final Logger LOG = Logger.getLogger(Termination.class);

    private static final Terminator TERMINATOR = new Terminator(
            LOG::error, Termination::halt, Termination::exitOnFreshThread, Termination::shutdownUnderWay);

    private Termination() {}

    /**
     * Reports a fatal fault and ends the process. A halt does not return; an exit returns at once,
     * while the shutdown runs on another thread.
     *
     * @param part what failed, capitalised: {@code Embedded Kafka broker}, {@code Embedded S3 site dc1}
     * @param cause why, as one line
     * @param status the status asked for (0 becomes 1)
     * @param halt whether the process must end without a graceful shutdown
     */
    public static void fatal(String part, String cause, int status, boolean halt) {
        TERMINATOR.fatal(part, cause, status, halt);
    }

    /**
     * Whether the JVM is running its shutdown hooks (SIGTERM, {@code System.exit}, the last thread
     * ended). Asks the JVM itself, which refuses new hooks from the moment shutdown begins.
     */
    public static boolean shutdownUnderWay() {
        Thread probe = new Thread(() -> {}, "syncmeter-shutdown-probe");
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shutdownInProgress) {
            return true;
        }
    }

    /** The status of the exit or halt a fatal fault started, if one did. */
    static OptionalInt status() {
        return TERMINATOR.status();
    }

    static Terminator terminator() {
        return TERMINATOR;
    }

    static void halt(int status) {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private static void exitOnFreshThread(int status) {
        Thread exit = new Thread(() -> System.exit(status), "syncmeter-fatal-exit");
        exit.start();
    }
}
