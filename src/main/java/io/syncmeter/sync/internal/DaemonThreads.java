package io.syncmeter.sync.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The sync feature's background threads: named, so a thread dump says whose they are, and daemon, so
 * none of them holds the JVM up at shutdown (each owner still stops its own in its {@code
 * PreDestroy}/{@code close}).
 */
public final class DaemonThreads {

    private DaemonThreads() {}

    /** Makes daemon threads, each named {@code name}. */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * A scheduler on one daemon thread named {@code name}. The caller owns it: it must {@code
     * shutdownNow()} it when it stops.
     */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }
}
