package io.syncmeter.process.internal;

import java.io.PrintStream;

/**
 * The default uncaught-exception handler: a {@link VirtualMachineError} ({@link OutOfMemoryError},
 * {@link StackOverflowError}, ...) that ends a thread is a fatal fault of the whole process, which
 * halts with status 3 (as {@code -XX:+ExitOnOutOfMemoryError} does) instead of running on with a
 * thread missing. Anything else goes to the handler that was installed before, or is printed the way
 * the JVM prints it.
 *
 * <p>Threads with their own handler (Kafka's, for one) or code that catches {@code Throwable}
 * never reach this handler; {@code -XX:+ExitOnOutOfMemoryError} covers those.
 */
public final class FatalErrorHandler implements Thread.UncaughtExceptionHandler {

    /** The status of a halt after a virtual machine error, the one the JVM's own exit on OOM uses. */
    public static final int STATUS = 3;

    private final Terminator terminator;
    private final Thread.UncaughtExceptionHandler previous;
    private final PrintStream stderr;

    /**
     * @param terminator ends the process
     * @param previous the default handler installed before, or {@code null}
     * @param stderr where the JVM would print an uncaught exception
     */
    public FatalErrorHandler(Terminator terminator, Thread.UncaughtExceptionHandler previous, PrintStream stderr) {
        this.terminator = terminator;
        this.previous = previous;
        this.stderr = stderr;
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        if (error instanceof VirtualMachineError) {
            terminator.fatal("Thread \"" + thread.getName() + "\"", error.toString(), STATUS, true);
        } else if (previous != null) {
            previous.uncaughtException(thread, error);
        } else {
            // what ThreadGroup.uncaughtException prints when there is no default handler
            stderr.print("Exception in thread \"" + thread.getName() + "\" ");
            error.printStackTrace(stderr);
        }
    }
}
