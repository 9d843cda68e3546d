package io.syncmeter.lifecycle.internal;

import io.syncmeter.probe.ProbeKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * One retention sweep of one site: deletes every probe object of the profile's key prefix whose key
 * time is before the cutoff, whatever became of it, and counts the probe objects the site holds.
 *
 * <p>Origins are discovered by listing the probe root with delimiter '/', so probes of sites no
 * longer configured are swept too. Each origin is listed in key order, which is time order, so old
 * probes come first; listing goes on past the first young probe only to count what the site holds.
 * Only keys {@link ProbePrefix#owns} accepts are ever deleted or counted.
 *
 * <p>Work is bounded: at most {@link Limits#maxDeletes()} keys deleted and {@link Limits#maxKeys()}
 * keys (and child prefixes) listed per sweep; a sweep that reaches a bound stops there and the next
 * sweep goes on (deleted keys leave the listing, so no cursor is kept). A bucket holding millions of
 * old probes drains over several sweeps. Stateless; runs on the caller's thread.
 */
public final class RetentionSweep {

    /** Keys per LIST request (S3's maximum). */
    static final int PAGE = 1000;

    /**
     * The bounds of one sweep of one site.
     *
     * @param maxDeletes keys it deletes at most
     * @param maxKeys keys and child prefixes it lists at most
     * @param batchSize keys per {@code DeleteObjects} request
     */
    public record Limits(int maxDeletes, int maxKeys, int batchSize) {}

    /**
     * What a sweep did.
     *
     * @param deletes what its deletions did
     * @param stored probe objects the site holds after the sweep; empty unless the sweep listed every
     *     origin to its end without error
     * @param complete whether it listed every origin to its end without reaching a bound or an error
     * @param error the failure that stopped it, if one did
     */
    public record Result(
            BatchDeleter.Result deletes, OptionalLong stored, boolean complete, Optional<RuntimeException> error) {}

    private RetentionSweep() {}

    /**
     * Sweeps one site.
     *
     * @param bucket the site's bucket
     * @param prefix the guard naming our probes
     * @param cutoff probes whose key time is before this are deleted
     * @param limits the bounds
     * @param stopping checked between requests: true ends the sweep early (shutdown)
     */
    public static Result sweep(
            BucketObjects bucket, ProbePrefix prefix, Instant cutoff, Limits limits, BooleanSupplier stopping) {
        Run run = new Run(bucket, limits);
        try {
            List<String> origins = bucket.childPrefixes(prefix.root());
            run.listed += origins.size();
            boolean complete = true;
            for (String origin : origins) {
                if (!prefix.isOriginPrefix(origin)) {
                    continue; // no key below it can parse to our prefix
                }
                if (!run.sweepOrigin(origin, prefix, cutoff, stopping)) {
                    complete = false;
                    break;
                }
            }
            run.flush();
            if (run.deletes.error().isPresent()) {
                return new Result(run.deletes, OptionalLong.empty(), false, run.deletes.error());
            }
            OptionalLong stored = complete ? OptionalLong.of(run.probes - run.deletes.deleted()) : OptionalLong.empty();
            return new Result(run.deletes, stored, complete, Optional.empty());
        } catch (RuntimeException e) {
            return new Result(run.deletes, OptionalLong.empty(), false, Optional.of(e));
        }
    }

    /** The state of one sweep. */
    private static final class Run {
        final BucketObjects bucket;
        final Limits limits;
        final List<String> batch = new ArrayList<>();
        BatchDeleter.Result deletes = BatchDeleter.Result.NONE;
        int selected;
        long listed;
        long probes;

        Run(BucketObjects bucket, Limits limits) {
            this.bucket = bucket;
            this.limits = limits;
        }

        /** Lists one origin to its end; false when a bound, an error or shutdown stopped it. */
        boolean sweepOrigin(String origin, ProbePrefix prefix, Instant cutoff, BooleanSupplier stopping) {
            String after = null;
            while (true) {
                long room = limits.maxKeys() - listed;
                if (room <= 0 || stopping.getAsBoolean()) {
                    return false;
                }
                BucketObjects.Page page = bucket.keys(origin, after, (int) Math.min(PAGE, room));
                for (String key : page.keys()) {
                    listed++;
                    after = key;
                    Optional<ProbeKeys.Parsed> probe = prefix.parse(key);
                    if (probe.isEmpty()) {
                        continue;
                    }
                    probes++;
                    if (probe.get().scheduled().isBefore(cutoff)) {
                        if (selected >= limits.maxDeletes()) {
                            return false;
                        }
                        selected++;
                        batch.add(key);
                        if (batch.size() >= limits.batchSize()) {
                            flush();
                            if (deletes.error().isPresent()) {
                                return false;
                            }
                        }
                    }
                }
                if (!page.truncated() || page.keys().isEmpty()) {
                    return true;
                }
            }
        }

        void flush() {
            if (!batch.isEmpty() && deletes.error().isEmpty()) {
                deletes = deletes.plus(BatchDeleter.delete(bucket, List.copyOf(batch), limits.batchSize()));
            }
            batch.clear();
        }
    }
}
