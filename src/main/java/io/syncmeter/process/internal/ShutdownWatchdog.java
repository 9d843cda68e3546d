package io.syncmeter.process.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * Bounds a shutdown: once {@link #arm() armed}, a daemon thread waits for the timeout and, if the
 * process still runs then, logs the threads that are still busy and halts it.
 *
 * <p>Lifecycle: arm at the very beginning of shutdown; arming again does nothing. Nothing disarms
 * it: the process is expected to end, and its daemon thread dies with it. Thread-safe.
 */
public final class ShutdownWatchdog {

    /** Threads and frames per thread in the dump: enough to see who waits for what, short enough to read. */
    private static final int MAX_THREADS = 25;

    /** Frames read per thread to tell an idle pool worker (the dump itself prints 8). */
    private static final int IDLE_SEARCH_DEPTH = 16;

    private final String timeoutKey;
    private final Consumer<String> errorLog;
    private final IntConsumer halt;
    private final IntSupplier status;
    private final AtomicBoolean armed = new AtomicBoolean();
    private volatile Duration timeout;

    /**
     * @param timeout how long a shutdown may take
     * @param timeoutKey the configuration key of the timeout, named in the log line
     * @param errorLog writes one ERROR record (the line and the dump)
     * @param halt ends the process with this status
     * @param status the status to halt with
     */
    public ShutdownWatchdog(
            Duration timeout, String timeoutKey, Consumer<String> errorLog, IntConsumer halt, IntSupplier status) {
        this.timeout = timeout;
        this.timeoutKey = timeoutKey;
        this.errorLog = errorLog;
        this.halt = halt;
        this.status = status;
    }

    /** Changes the timeout of a watchdog not armed yet (the configuration is read after it is created). */
    public void timeout(Duration timeout) {
        this.timeout = timeout;
    }

    /** Starts the countdown; idempotent. */
    public void arm() {
        if (!armed.compareAndSet(false, true)) {
            return;
        }
        Duration limit = timeout;
        Thread t = new Thread(() -> watch(limit), "syncmeter-shutdown-watchdog");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        t.start();
    }

    /** Whether {@link #arm()} was called. */
    public boolean armed() {
        return armed.get();
    }

    private void watch(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (long left = limit.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            // nothing may cut the countdown short: an interrupt is cleared and the wait goes on
            Thread.interrupted();
            LockSupport.parkNanos(this, left);
        }
        int code = status.getAsInt();
        try {
            errorLog.accept("Shutdown did not finish within " + limit + " (" + timeoutKey + "); halting with status "
                    + code + ". Busy threads " + busyThreads());
        } catch (Throwable logFailed) {
            // halt even when the dump or the log fails
        } finally {
            halt.accept(code);
        }
    }

    /**
     * A short dump of the threads that keep the shutdown from finishing: the non-daemon threads (the
     * shutdown hooks and what they wait for are among them) and the daemon threads that run or are
     * blocked, leaving out threads that merely wait for work (pool workers at their queue, selectors
     * and acceptors in their native wait), which a shutdown never waits for.
     */
    static String busyThreads() {
        ThreadInfo[] all = ManagementFactory.getThreadMXBean().dumpAllThreads(true, true, IDLE_SEARCH_DEPTH);
        long self = Thread.currentThread().getId();
        List<ThreadInfo> busy = Arrays.stream(all)
                .filter(i -> i != null && i.getThreadId() != self && isBusy(i))
                .sorted(Comparator.comparing(ThreadInfo::isDaemon).thenComparing(ThreadInfo::getThreadName))
                .toList();
        String dump = busy.stream()
                .limit(MAX_THREADS)
                // ThreadInfo.toString: name, daemon, state, the lock waited for and its owner, 8 frames
                .map(i -> i.toString().stripTrailing())
                .collect(Collectors.joining("\n"));
        String more = busy.size() > MAX_THREADS ? "\n(" + (busy.size() - MAX_THREADS) + " more not shown)" : "";
        return "(" + busy.size() + " of " + all.length + " threads; idle ones left out)\n" + dump + more;
    }

    static boolean isBusy(ThreadInfo i) {
        Thread.State state = i.getThreadState();
        StackTraceElement[] stack = i.getStackTrace();
        if (state == Thread.State.RUNNABLE) {
            // a native top frame is a wait for I/O (epoll, accept, read), not work
            return stack.length > 0 && !stack[0].isNativeMethod();
        }
        if (state == Thread.State.BLOCKED) {
            return true;
        }
        return !i.isDaemon() && Arrays.stream(stack).noneMatch(ShutdownWatchdog::waitsForWork);
    }

    /** A frame of a pool or queue that a thread with nothing to do waits in. */
    private static boolean waitsForWork(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith("java.util.concurrent.")
                        && (c.endsWith("ThreadPoolExecutor")
                                || c.endsWith("BlockingQueue")
                                || c.endsWith("DelayQueue")
                                || c.endsWith("DelayedWorkQueue")
                                || c.endsWith("SynchronousQueue")
                                || frame.getMethodName().equals("awaitWork"))
                || frame.getMethodName().equals("idleJobPoll");
    }
}
