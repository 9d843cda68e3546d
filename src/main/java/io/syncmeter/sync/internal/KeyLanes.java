package io.syncmeter.sync.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;

/**
 * Many keys in flight, each key's work in order: a fixed set of lanes, each one thread, a key always
 * on the same lane (by its hash), so the changes of one key run one after the other while other keys
 * run beside them. A key already waiting on its lane (not yet started) is not queued twice: the
 * second submission shares the first's future and is merged into the waiting item, since the work
 * reads the key's state when it runs (state-based copies), which covers both changes. Admission is bounded: {@link #admitted()}
 * completes once fewer than {@code maxInFlight} submissions are unfinished, which the consumer waits
 * for before it takes the next record.
 *
 * <p>Threading: {@link #submit} and {@link #admitted} from any thread; work runs on the lanes.
 * {@link #close()} stops the lanes after the work already queued, waiting 5 s at most.
 */
public final class KeyLanes implements AutoCloseable {

    private final ExecutorService[] lanes;
    private final int maxInFlight;
    private final Object lock = new Object();
    /** Work identity → its work that has not started yet. */
    private final Map<String, Pending> waiting = new HashMap<>();

    /** Work queued and not started: its item may still be merged with a later one (under the lock). */
    private static final class Pending {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        Object item;

        Pending(Object item) {
            this.item = item;
        }
    }

    private final Queue<CompletableFuture<Void>> admissions = new ArrayDeque<>();
    private int inFlight;

    public KeyLanes(int lanes, int maxInFlight, String threadName) {
        if (lanes < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("lanes and maxInFlight must be at least 1");
        }
        this.maxInFlight = maxInFlight;
        this.lanes = new ExecutorService[lanes];
        for (int i = 0; i < lanes; i++) {
            String name = threadName + "-" + i;
            this.lanes[i] = Executors.newSingleThreadExecutor(DaemonThreads.named(name));
        }
    }

    /**
     * Runs {@code work} for {@code key} on its lane after the key's earlier work; returns when it is
     * done (never exceptionally: a failure of {@code work} is its own to count and log). Work with the
     * same {@code same} (e.g. the key and the site its change comes from) that is still waiting is
     * shared instead of queued again: the first submission's work runs, once.
     */
    public CompletableFuture<Void> submit(String key, String same, Runnable work) {
        return submit(key, same, work, (waitingWork, later) -> waitingWork, Runnable::run);
    }

    /**
     * Runs {@code work} on {@code item} for {@code key} on its lane after the key's earlier work;
     * returns when it is done (never exceptionally). If an item with the same {@code same} is still
     * waiting, nothing is queued: the waiting item becomes {@code merge(waiting, item)} and this call
     * shares its future; the {@code work} of the first submission runs on the merged item.
     */
    public <T> CompletableFuture<Void> submit(
            String key, String same, T item, BinaryOperator<T> merge, Consumer<T> work) {
        synchronized (lock) {
            Pending queued = waiting.get(same);
            if (queued != null) {
                @SuppressWarnings("unchecked")
                T earlier = (T) queued.item;
                queued.item = merge.apply(earlier, item);
                return queued.done;
            }
            Pending pending = new Pending(item);
            waiting.put(same, pending);
            inFlight++;
            lanes[Math.floorMod(key.hashCode(), lanes.length)].execute(() -> {
                T merged;
                synchronized (lock) {
                    waiting.remove(same, pending);
                    @SuppressWarnings("unchecked")
                    T current = (T) pending.item;
                    merged = current;
                }
                try {
                    work.accept(merged);
                } catch (RuntimeException e) {
                    // the caller's work counts its own failures; a lane never dies of one
                } finally {
                    finished();
                    pending.done.complete(null);
                }
            });
            return pending.done;
        }
    }

    /** Completes when fewer than {@code maxInFlight} submissions are unfinished (at once if so now). */
    public CompletionStage<Void> admitted() {
        synchronized (lock) {
            if (inFlight < maxInFlight) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            admissions.add(f);
            return f;
        }
    }

    private void finished() {
        CompletableFuture<Void> admit = null;
        synchronized (lock) {
            inFlight--;
            if (inFlight < maxInFlight) {
                admit = admissions.poll();
            }
        }
        if (admit != null) {
            admit.complete(null);
        }
    }

    /** Submissions not finished yet, for sizing. */
    public int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    @Override
    public void close() {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        // at most 5 s in all for the work already queued: stopping must stay quick (what is left is
        // unacknowledged, so it is replayed after a restart)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            for (ExecutorService lane : lanes) {
                lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
    }
}
