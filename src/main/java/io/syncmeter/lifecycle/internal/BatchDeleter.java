package io.syncmeter.lifecycle.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Deletes keys at one site in {@code DeleteObjects} requests of at most {@code batchSize} keys. A
 * request that fails stops the run: its keys and those not yet sent are counted failed and left to
 * the retention sweep (a site that fails one request would most likely fail the next ones too, and
 * each failure can cost a whole API-call timeout). Stateless.
 */
public final class BatchDeleter {

    /** The most keys one {@code DeleteObjects} request may carry (S3's limit). */
    public static final int MAX_BATCH = 1000;

    /**
     * What a run did.
     *
     * @param deleted keys the site confirmed deleted
     * @param failed keys not deleted: reported failed, in a failed request, or not sent after one
     * @param requests requests sent
     * @param error the failure that stopped the run, if one did
     */
    public record Result(int deleted, int failed, int requests, Optional<RuntimeException> error) {

        public static final Result NONE = new Result(0, 0, 0, Optional.empty());

        /** Both results added; the first error is kept. */
        public Result plus(Result other) {
            return new Result(
                    deleted + other.deleted,
                    failed + other.failed,
                    requests + other.requests,
                    error.isPresent() ? error : other.error);
        }
    }

    private BatchDeleter() {}

    /** Deletes {@code keys} at the site, {@code batchSize} (1 to {@value #MAX_BATCH}) per request. */
    public static Result delete(BucketObjects bucket, List<String> keys, int batchSize) {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("batch size must be from 1 to " + MAX_BATCH + ", was " + batchSize);
        }
        int deleted = 0;
        int failed = 0;
        int requests = 0;
        for (int from = 0; from < keys.size(); from += batchSize) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + batchSize));
            requests++;
            try {
                Set<String> notDeleted = bucket.delete(batch);
                int failedHere =
                        (int) batch.stream().filter(notDeleted::contains).count();
                deleted += batch.size() - failedHere;
                failed += failedHere;
            } catch (RuntimeException e) {
                return new Result(deleted, failed + keys.size() - from, requests, Optional.of(e));
            }
        }
        return new Result(deleted, failed, requests, Optional.empty());
    }
}
