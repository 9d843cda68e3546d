package io.syncmeter.bench.internal;

/**
 * The operations a load loop makes: each call makes one, chosen by the implementation (the profile's
 * mix, sizes and keys), and tells what it did. Called from many worker threads at once: thread-safe.
 * Never throws for what the server did (a failure is an {@link OpResult} with an error kind); a thrown
 * exception is a bug, and the loop counts it as the error kind {@code exception}.
 */
@FunctionalInterface
public interface Operations {

    /**
     * Makes one operation.
     *
     * @param sequence the operation's number in the run, from 0, unique across threads (a seed for its
     *     choices, so a run can be repeated)
     */
    OpResult next(long sequence);
}
