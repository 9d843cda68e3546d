package io.syncmeter.sync.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One (direction, prefix) comparison of a full sync, in key ranges listed side by side: the keys
 * under the prefix are cut into ranges ({@link RangeSplitter}, from the side that holds more than a
 * listing page, the source first), and each range is listed on both sides from its lower bound to its
 * upper one and compared with {@link BucketDiff}, up to {@code parallelism} ranges at once. Each key
 * lies in exactly one range, so each difference is reported exactly once. With parallelism 1, or
 * when neither side holds more than one page, it is one range: one listing per side, as a sequential
 * full sync.
 *
 * <p>Why ranges of keys and not the engine's shards: a shard is a hash partition of the key (the
 * change topic's partitioner), and S3 can list only key ranges, in key order; listing "the keys of
 * shard 3" would mean listing everything. So the ranges are cut by key, and each difference found is
 * put on the change topic keyed by its object key by the caller, which lands it on its key's shard and
 * so with the worker that owns it, whichever range found it.
 *
 * <p>Threading: {@link #compare} blocks its caller, which must not be a thread of {@code pool}; the
 * probes and ranges run on {@code pool} (at most {@code parallelism} of its threads are used, so it may
 * be shared), and {@code out} is called from several of them at once. When a range fails, ranges not
 * yet started are skipped and the first failure is thrown once the started ones ended.
 *
 * @param parallelism ranges listed at once, at least 1
 * @param pool where the probes and ranges run
 */
public record RangedDiff(int parallelism, ExecutorService pool) {

    // two ranges per lister, so one slow range does not leave the others idle at the end; not more:
    // the last page of each range reads up to a page past it (measured: at 4 per lister and 8 listers,
    // 20,000 keys took 10× the CPU of one listing)
    private static final int RANGES_PER_LISTER = 2;

    /** What one comparison found, and in how many ranges. */
    public record Result(BucketDiff.Counts counts, int ranges) {}

    public RangedDiff {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
    }

    /**
     * Compares the two sides' keys under their (common) prefix and reports every difference to {@code
     * out}, in key order within a range.
     */
    public Result compare(SiteListing source, SiteListing target, Consumer<BucketDiff.Difference> out) {
        List<KeyRange> ranges = ranges(source, target);
        if (ranges.size() == 1) {
            return new Result(BucketDiff.compare(source.entries(ranges.get(0)), target.entries(ranges.get(0)), out), 1);
        }
        AtomicBoolean failed = new AtomicBoolean();
        List<CompletableFuture<BucketDiff.Counts>> runs = new ArrayList<>();
        // at most parallelism at once however large the pool: each lister takes the next range
        Queue<KeyRange> queue = new ConcurrentLinkedQueue<>(ranges);
        for (int i = 0; i < Math.min(parallelism, ranges.size()); i++) {
            runs.add(CompletableFuture.supplyAsync(
                    () -> {
                        BucketDiff.Counts sum = BucketDiff.Counts.NONE;
                        KeyRange r;
                        while (!failed.get() && (r = queue.poll()) != null) {
                            try {
                                sum = sum.plus(BucketDiff.compare(source.entries(r), target.entries(r), out));
                            } catch (RuntimeException e) {
                                failed.set(true);
                                throw e;
                            }
                        }
                        return sum;
                    },
                    pool));
        }
        BucketDiff.Counts total = BucketDiff.Counts.NONE;
        RuntimeException first = null;
        for (CompletableFuture<BucketDiff.Counts> run : runs) {
            try {
                total = total.plus(run.join());
            } catch (CompletionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return new Result(total, ranges.size());
    }

    private List<KeyRange> ranges(SiteListing source, SiteListing target) {
        if (parallelism == 1) {
            return List.of(KeyRange.ALL);
        }
        SiteListing probed = source.morePagesThanOne() ? source : target.morePagesThanOne() ? target : null;
        if (probed == null) {
            return List.of(KeyRange.ALL);
        }
        return new RangeSplitter(parallelism * RANGES_PER_LISTER, pool).split(probed.prefix(), probed);
    }
}
