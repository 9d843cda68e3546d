package io.syncmeter.bench.internal;

import io.syncmeter.bench.WorkloadProfile.Mix;
import io.syncmeter.bench.WorkloadProfile.ObjectSize;
import io.syncmeter.bench.WorkloadProfile.Operation;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What each operation of a run does, drawn from the profile's mix and size distribution by the
 * operation's sequence number and the run's seed alone: the same run seed makes the same choices, in
 * whichever order and thread the operations run. Immutable, thread-safe.
 */
final class WorkloadChoices {

    /**
     * The choices of one operation.
     *
     * @param operation the operation
     * @param size the object size, for the writes (drawn for every operation, so that the draws do not
     *     depend on which operation was picked)
     * @param keyDraw a uniform number in [0, 1) that picks the key among those eligible
     * @param bodySeed the seed of the bytes written
     */
    record Choice(Operation operation, long size, double keyDraw, long bodySeed) {}

    private static final Operation[] OPERATIONS = Operation.values();

    private final long[] cumulativeWeights;
    private final long totalWeight;
    private final ObjectSize sizes;
    private final long seed;

    WorkloadChoices(Mix mix, ObjectSize sizes, long seed) {
        if (mix.total() <= 0) {
            throw new IllegalArgumentException("the operation mix has no weight above 0");
        }
        this.cumulativeWeights = new long[OPERATIONS.length];
        long sum = 0;
        for (int i = 0; i < OPERATIONS.length; i++) {
            sum += mix.weight(OPERATIONS[i]);
            cumulativeWeights[i] = sum;
        }
        this.totalWeight = sum;
        this.sizes = sizes;
        this.seed = seed;
    }

    /** The choices of operation {@code sequence}. */
    Choice choose(long sequence) {
        SplittableRandom random = random(seed, sequence);
        Operation operation = pick(random.nextLong(totalWeight), cumulativeWeights, OPERATIONS);
        long size = size(random);
        return new Choice(operation, size, random.nextDouble(), random.nextLong());
    }

    /** A size drawn from the profile's distribution, always within its bounds. */
    long size(SplittableRandom random) {
        // no pattern switch on Java 17
        if (sizes instanceof ObjectSize.Fixed f) {
            return f.bytes();
        }
        if (sizes instanceof ObjectSize.Uniform u) {
            return random.nextLong(u.min(), u.max() + 1);
        }
        if (sizes instanceof ObjectSize.LogUniform l) {
            return logUniform(random, l.min(), l.max());
        }
        return weighted(random, ((ObjectSize.Weighted) sizes).sizes());
    }

    /** The generator of item {@code n} of a stream seeded {@code seed}: unrelated to items n-1 and n+1. */
    static SplittableRandom random(long seed, long n) {
        return new SplittableRandom(seed ^ mix(n));
    }

    /** A well-spread 64-bit value of {@code x} (MurmurHash3's finaliser: every input bit moves every output bit). */
    static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }

    private static long logUniform(SplittableRandom random, long min, long max) {
        if (min == max) {
            return min;
        }
        // drawn over [min, max + 1) and floored, so that max is as likely as its neighbours
        double low = Math.log(min);
        double high = Math.log(max + 1.0);
        long size = (long) Math.floor(Math.exp(low + random.nextDouble() * (high - low)));
        return Math.max(min, Math.min(max, size));
    }

    private static long weighted(SplittableRandom random, List<ObjectSize.WeightedSize> sizes) {
        long total = 0;
        for (ObjectSize.WeightedSize s : sizes) {
            total += s.weight();
        }
        long r = random.nextLong(total);
        for (ObjectSize.WeightedSize s : sizes) {
            r -= s.weight();
            if (r < 0) {
                return s.bytes();
            }
        }
        throw new IllegalStateException("unreachable: the draw is below the weights' total");
    }

    private static <T> T pick(long draw, long[] cumulative, T[] items) {
        for (int i = 0; i < cumulative.length; i++) {
            if (draw < cumulative[i]) {
                return items[i];
            }
        }
        throw new IllegalStateException("unreachable: the draw is below the weights' total");
    }
}
