package io.syncmeter.embedded.internal;

import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.common.utils.Exit;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Routes the in-process broker's fatal exits to {@link io.syncmeter.process.Termination}: the
 * broker's fault handlers and its log-directory failure handling call Kafka's {@link Exit#halt} and
 * {@link Exit#exit}, which by default call {@code Runtime.halt} and {@code System.exit} on whatever
 * thread found the fault, with no word of syncmeter's and, inside a shutdown, with a JVM that then
 * never ends. Here they log one ERROR line naming the broker and the cause (the message Kafka
 * passes, or else the ERROR Kafka logged on the same thread just before) and end the process.
 *
 * <p>Lifecycle: {@link #install} before the broker starts; {@link #close()} (idempotent) after it
 * has stopped, which restores Kafka's defaults. Kafka's procedures are JVM-wide: one broker at a
 * time. The procedures run on any broker thread.
 */
public final class BrokerExits implements AutoCloseable {

    /** The part named in the ERROR line. */
    public static final String PART = "Embedded Kafka broker";

    /** How long an ERROR logged on a thread still explains that thread's exit call. */
    private static final long RECENT_NANOS = 10_000_000_000L;

    private static final List<String> KAFKA_LOGGERS = List.of("kafka", "org.apache.kafka");

    /** Where a fatal exit goes: {@link io.syncmeter.process.Termination#fatal} in production. */
    @FunctionalInterface
    public interface Sink {
        /** See {@link io.syncmeter.process.Termination#fatal}. */
        void fatal(String part, String cause, int status, boolean halt);
    }

    private final Sink sink;
    private final LastError lastError = new LastError();
    private final List<Logger> loggers;
    private boolean closed;

    private BrokerExits(Sink sink) {
        this.sink = sink;
        // the loggers are held: java.util.logging keeps only weak references to them
        loggers = KAFKA_LOGGERS.stream().map(Logger::getLogger).toList();
    }

    /** Installs the procedures, which report to {@code sink}, and starts remembering the broker's ERROR lines. */
    public static BrokerExits install(Sink sink) {
        BrokerExits exits = new BrokerExits(sink);
        exits.loggers.forEach(l -> l.addHandler(exits.lastError));
        Exit.setHaltProcedure((status, message) -> exits.report("halt", status, message, true));
        Exit.setExitProcedure((status, message) -> exits.report("exit", status, message, false));
        return exits;
    }

    private void report(String call, int status, String message, boolean halt) {
        Thread thread = Thread.currentThread();
        String why = Optional.ofNullable(message).or(lastError::onThisThread).orElse("the broker ended itself");
        sink.fatal(PART, cause(why, call, status, caller(), thread.getName()), status, halt);
    }

    /** The cause part of the ERROR line: why, and where Kafka asked to end the process. */
    static String cause(String why, String call, int status, String caller, String thread) {
        return why + " (Exit." + call + "(" + status + ") in " + caller + ", thread " + thread + ")";
    }

    /** The first frame outside syncmeter and Kafka's {@code Exit}: the broker code that asked to end. */
    private static String caller() {
        return StackWalker.getInstance()
                .walk(frames -> frames.filter(f -> !f.getClassName().startsWith("io.syncmeter.")
                                && !f.getClassName().startsWith(Exit.class.getName()))
                        .findFirst()
                        .map(f -> f.getClassName() + "." + f.getMethodName())
                        .orElse("an unknown place"));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Exit.resetHaltProcedure();
        Exit.resetExitProcedure();
        loggers.forEach(l -> l.removeHandler(lastError));
    }

    /**
     * Remembers the last ERROR (or worse) each thread logged: Kafka logs why just before it calls
     * {@code Exit.halt(1)} without a message, on the same thread.
     */
    static final class LastError extends Handler {

        private record Entry(String text, long at) {}

        private final ThreadLocal<Entry> last = new ThreadLocal<>();

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() < Level.SEVERE.intValue()) {
                return;
            }
            String text = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            if (record.getThrown() != null) {
                text = text + ": " + record.getThrown();
            }
            last.set(new Entry(text, System.nanoTime()));
        }

        /** The ERROR this thread logged in the last few seconds, if any. */
        Optional<String> onThisThread() {
            Entry e = last.get();
            return e != null && System.nanoTime() - e.at() < RECENT_NANOS ? Optional.of(e.text()) : Optional.empty();
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
