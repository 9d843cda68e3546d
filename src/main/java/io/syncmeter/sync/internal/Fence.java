package io.syncmeter.sync.internal;

/**
 * Guards the writes of one change: {@link #check()} right before each write, {@link #held()} after
 * it. A write that was checked can still land after the shard moved (the check and the write are two
 * steps); {@link #held()} false after a write says so, and the writer then re-reads the source and
 * repairs the target (see {@link ObjectCopier}). Implementations are thread-safe.
 */
public interface Fence {

    /** No fence: every write is allowed (a repair, a test, a single engine outside any group). */
    Fence NONE = new Fence() {
        @Override
        public void check() {}

        @Override
        public boolean held() {
            return true;
        }
    };

    /**
     * Returns when the writer may write for its change now.
     *
     * @throws Fenced when it may not
     */
    void check();

    /** Whether nothing has taken the right to write away since the change was taken. */
    boolean held();

    /** A write refused because the writer may no longer write for the change's shard. */
    final class Fenced extends RuntimeException {
        public Fenced(String reason) {
            super(reason, null, false, false);
        }
    }
}
