package io.syncmeter.lifecycle.internal;

import java.util.List;
import java.util.Set;

/**
 * The few operations lifecycle needs on one site's bucket, so batching and the retention sweep are
 * tested without a server. Implementations may throw any {@link RuntimeException} for a failed
 * request; they are called from the lifecycle scheduler's threads.
 */
public interface BucketObjects {

    /** One page of a listing in key order, and whether more keys follow it. */
    record Page(List<String> keys, boolean truncated) {
        public Page {
            keys = List.copyOf(keys);
        }
    }

    /** Every child prefix directly below {@code prefix} (a listing with delimiter '/'), all pages. */
    List<String> childPrefixes(String prefix);

    /** Up to {@code max} keys (at most 1000) below {@code prefix} that sort after {@code startAfter} (null: from the start). */
    Page keys(String prefix, String startAfter, int max);

    /**
     * Deletes up to 1000 keys with one S3 {@code DeleteObjects} request.
     *
     * @return the keys the server reported it could not delete
     */
    Set<String> delete(List<String> keys);
}
