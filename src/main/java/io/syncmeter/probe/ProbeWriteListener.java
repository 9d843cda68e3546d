package io.syncmeter.probe;

/**
 * Receives every probe writer slot's outcome in this process (for write-availability objectives).
 * Implement it as an application-scoped bean; {@link ProbeWriters} calls every such bean.
 *
 * <p>Threading: called from the writers' PUT threads and their scheduler thread, concurrently for
 * different sites. Implementations must be thread-safe, quick and should not throw (an exception is
 * logged and the writer goes on).
 */
public interface ProbeWriteListener {

    /** One slot's outcome: exactly once per slot. */
    void attempted(ProbeAttempt attempt);
}
