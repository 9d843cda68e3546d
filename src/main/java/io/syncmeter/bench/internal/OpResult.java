package io.syncmeter.bench.internal;

import io.syncmeter.bench.WorkloadProfile.Operation;

/**
 * What one benchmark operation did, as the operation itself tells it; the load loop times it from the
 * outside (its due time, its start and its end).
 *
 * @param operation the operation made
 * @param bytes the object bytes moved (written or read), 0 for none
 * @param firstByteNanos from the operation's start to the first byte of the response body (GET), or
 *     to its response (the others); -1 when not measured
 * @param error what went wrong, a short bounded kind such as {@code http-503}, {@code timeout} or
 *     {@code connection} (it becomes a label and a key of the result), or null when it succeeded
 */
public record OpResult(Operation operation, long bytes, long firstByteNanos, String error) {

    /** A success that moved {@code bytes}, without a first-byte time. */
    public static OpResult ok(Operation operation, long bytes) {
        return new OpResult(operation, bytes, -1, null);
    }

    /** A failure of the given kind. */
    public static OpResult failed(Operation operation, String error) {
        return new OpResult(operation, 0, -1, error);
    }

    /** Whether it succeeded. */
    public boolean succeeded() {
        return error == null;
    }
}
