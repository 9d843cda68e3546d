package io.syncmeter.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A workload profile from {@code probes/<name>.yaml} (a file that starts with {@code kind: workload}):
 * what a benchmark run does at each site, how hard, for how long, and how it looks at replication
 * while it runs. Only values: the loader in {@code bench.internal} checks every bound below and names
 * the file, line and field of any problem, so a profile built by it is always within them.
 *
 * @param name the profile name
 * @param description what the profile measures
 * @param sites the sites to run at
 * @param maxRunsPerSite how many runs, this one included, may use one site at the same time
 * @param operations the operations and their weights
 * @param objectSize the size of the objects written
 * @param multipart how multipart PUTs split an object
 * @param keys the key set the run works on
 * @param load closed loop (a fixed concurrency) or open loop (a target rate)
 * @param stop when the measured part of the run ends
 * @param warmUp load applied before measuring starts, not counted
 * @param autoTerminate end early once throughput is stable, empty to always run to {@code stop}
 * @param replication what to measure of replication while the load runs
 */
public record WorkloadProfile(
        String name,
        String description,
        Sites sites,
        int maxRunsPerSite,
        Mix operations,
        ObjectSize objectSize,
        Multipart multipart,
        Keys keys,
        Load load,
        Stop stop,
        Duration warmUp,
        Optional<AutoTerminate> autoTerminate,
        Replication replication) {

    /** The value of the top-level {@code kind} field that makes a file a workload profile. */
    public static final String KIND = "workload";

    /** The most runs that may share one site. */
    public static final int MAX_RUNS_PER_SITE = 64;

    /** The most requests in flight a closed loop keeps per site. */
    public static final int MAX_CONCURRENCY = 4096;

    /** The highest target rate, operations per second per site. */
    public static final double MAX_RATE = 100_000;

    /** The most requests an open loop lets be in flight per site; later slots wait for one to end. */
    public static final int MAX_IN_FLIGHT = 16_384;

    /** The most keys a run works on per site. */
    public static final long MAX_KEYS = 100_000_000L;

    /** The largest object: what one S3 PUT may write. */
    public static final long MAX_OBJECT_SIZE = 5L << 30;

    /** The smallest multipart part S3 accepts (but the last). */
    public static final long MIN_PART_SIZE = 5L << 20;

    /** The most parts of one multipart upload S3 accepts. */
    public static final int MAX_PARTS = 10_000;

    /** The highest weight of one operation or one size. */
    public static final int MAX_WEIGHT = 1_000_000;

    /** The longest measured run, warm-up, drain or sweep step. */
    public static final Duration MAX_DURATION = Duration.ofDays(1);

    /** The most operations a run counted by operations may make per site. */
    public static final long MAX_OPERATIONS = 1_000_000_000L;

    /** The most steps of a rate sweep. */
    public static final int MAX_SWEEP_STEPS = 1000;

    /** An S3 operation a workload can make, with its name in a profile. */
    public enum Operation {
        /** A single-request PUT of a whole object. */
        PUT,
        /** A GET of a whole object. */
        GET,
        /** A HEAD of an object. */
        HEAD,
        /** One page of a LIST of the run's prefix. */
        LIST,
        /** A DELETE of an object. */
        DELETE,
        /** A PUT by multipart upload: create, the parts, complete. */
        MULTIPART_PUT;

        /** The operation's name in a profile, {@code operations.<field>}: its constant's, as {@code multipart-put}. */
        public String field() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Whether it needs objects to be there. */
        public boolean reads() {
            return this == GET || this == HEAD || this == DELETE;
        }

        /** Whether it writes an object. */
        public boolean writes() {
            return this == PUT || this == MULTIPART_PUT;
        }
    }

    /**
     * The sites a run uses.
     *
     * @param names the site names; empty for every configured site
     */
    public record Sites(List<String> names) {
        public Sites {
            names = List.copyOf(names);
        }

        /** Whether the run uses every configured site. */
        public boolean all() {
            return names.isEmpty();
        }
    }

    /**
     * The operation mix: each operation is chosen with its weight's share of the total. At least one
     * weight is above 0.
     *
     * @param put weight of single-request PUTs
     * @param get weight of GETs
     * @param head weight of HEADs
     * @param list weight of LIST pages
     * @param delete weight of DELETEs
     * @param multipartPut weight of multipart PUTs
     */
    public record Mix(int put, int get, int head, int list, int delete, int multipartPut) {

        /** The weight of one operation. */
        public int weight(Operation operation) {
            return switch (operation) {
                case PUT -> put;
                case GET -> get;
                case HEAD -> head;
                case LIST -> list;
                case DELETE -> delete;
                case MULTIPART_PUT -> multipartPut;
            };
        }

        /** The sum of the weights. */
        public long total() {
            long sum = 0;
            for (Operation o : Operation.values()) {
                sum += weight(o);
            }
            return sum;
        }

        /** The operations with a weight above 0, in declaration order. */
        public List<Operation> used() {
            List<Operation> used = new ArrayList<>();
            for (Operation o : Operation.values()) {
                if (weight(o) > 0) {
                    used.add(o);
                }
            }
            return List.copyOf(used);
        }
    }

    /** The size of the objects a run writes: one size or a distribution, in bytes. */
    public sealed interface ObjectSize {

        /** The smallest size it yields. */
        long min();

        /** The largest size it yields. */
        long max();

        /**
         * Every object has the same size.
         *
         * @param bytes the size
         */
        record Fixed(long bytes) implements ObjectSize {
            @Override
            public long min() {
                return bytes;
            }

            @Override
            public long max() {
                return bytes;
            }
        }

        /**
         * Sizes drawn evenly between two bounds.
         *
         * @param min the smallest size
         * @param max the largest size
         */
        record Uniform(long min, long max) implements ObjectSize {}

        /**
         * Sizes whose logarithm is drawn evenly between two bounds: as many objects between 1 and 10
         * KiB as between 100 KiB and 1 MiB, as object stores tend to hold.
         *
         * @param min the smallest size, at least 1
         * @param max the largest size
         */
        record LogUniform(long min, long max) implements ObjectSize {}

        /**
         * Sizes picked from a list, each with its weight's share of the total.
         *
         * @param sizes the sizes and their weights, at least one
         */
        record Weighted(List<WeightedSize> sizes) implements ObjectSize {
            public Weighted {
                sizes = List.copyOf(sizes);
            }

            @Override
            public long min() {
                return sizes.stream().mapToLong(WeightedSize::bytes).min().orElse(0);
            }

            @Override
            public long max() {
                return sizes.stream().mapToLong(WeightedSize::bytes).max().orElse(0);
            }
        }

        /**
         * One entry of a {@link Weighted} list.
         *
         * @param bytes the size
         * @param weight how often it is picked, relative to the others' weights
         */
        record WeightedSize(long bytes, int weight) {}
    }

    /**
     * How a multipart PUT splits an object.
     *
     * @param partSize the size of each part but the last
     */
    public record Multipart(long partSize) {}

    /**
     * The key set a run works on, under a prefix the run owns.
     *
     * @param count how many distinct keys operations pick from, per site
     * @param prefill how many of them are written before the run starts (not measured)
     */
    public record Keys(long count, long prefill) {}

    /** How load is applied at each site. */
    public sealed interface Load {

        /**
         * Closed loop: a fixed number of requests in flight, each started when one ends; measures
         * capacity, and latency as the clients saw it.
         *
         * @param concurrency requests in flight per site
         */
        record ClosedLoop(int concurrency) implements Load {}

        /**
         * Open loop: requests start on a schedule that does not wait for slow responses, and latency
         * counts from the scheduled start, so queueing a slow server causes is in the figures
         * (coordinated omission corrected). In a rate sweep, the rate of its first step.
         *
         * @param ratePerSecond operations started per second per site
         * @param maxInFlight requests in flight per site, at most; a slot due while that many are in
         *     flight waits for one to end, and its latency counts from its due time
         */
        record OpenLoop(double ratePerSecond, int maxInFlight) implements Load {}
    }

    /** When the measured part of a run ends (warm-up not included). */
    public sealed interface Stop {

        /**
         * After a time; a rate sweep's is its steps' total.
         *
         * @param duration how long the run measures
         */
        record AfterDuration(Duration duration) implements Stop {}

        /**
         * After a number of operations.
         *
         * @param operations operations per site
         */
        record AfterOperations(long operations) implements Stop {}
    }

    /**
     * Ending a run once throughput is stable, rather than at its stop.
     *
     * @param window throughput is compared over the last window of this length
     * @param tolerancePercent stable when the window's throughput stays within this percentage of its
     *     mean
     */
    public record AutoTerminate(Duration window, double tolerancePercent) {}

    /** What a run measures of replication while it applies load. */
    public enum ReplicationMode {
        /** No replication measurement: a per-site read/write benchmark. */
        NONE,
        /** Write as fast as the load allows, then measure how long the backlog takes to drain. */
        BURST,
        /** Write at a steady rate and measure lag during it. */
        STEADY,
        /** Write at rising rates, step by step, to find the knee: the highest rate lag keeps up with. */
        SWEEP;

        /** The mode's name in a profile: its constant's, in lower case. */
        public String field() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Replication under load: objects written at some sites are looked for at others with the
     * collector's method (first seen intact minus the PUT's acknowledgement).
     *
     * @param mode what is measured; {@link ReplicationMode#NONE} for none
     * @param writers the sites that write; empty for every site of the run
     * @param targets the sites replication is measured at; empty for every site of the run (a site is
     *     never measured against its own writes)
     * @param drainTimeout how long after the load stops to wait for every object to be readable intact
     *     at every target before counting the rest missing
     * @param sweep the rate steps, present exactly in {@link ReplicationMode#SWEEP}
     */
    public record Replication(
            ReplicationMode mode,
            List<String> writers,
            List<String> targets,
            Duration drainTimeout,
            Optional<Sweep> sweep) {
        public Replication {
            Objects.requireNonNull(mode, "mode");
            writers = List.copyOf(writers);
            targets = List.copyOf(targets);
            Objects.requireNonNull(drainTimeout, "drainTimeout");
            Objects.requireNonNull(sweep, "sweep");
        }

        /** No replication measurement. */
        public static Replication none(Duration drainTimeout) {
            return new Replication(ReplicationMode.NONE, List.of(), List.of(), drainTimeout, Optional.empty());
        }
    }

    /**
     * A rate sweep: open-loop writes at {@code from}, then every {@code stepDuration} faster by {@code
     * step}, up to {@code to}.
     *
     * @param from the first step's rate, writes per second per writing site
     * @param to the last step's highest rate
     * @param step how much faster each step writes than the one before
     * @param stepDuration how long each step writes
     * @param maxLag a step keeps up when its p99 lag stays under this and its backlog does not grow
     */
    public record Sweep(double from, double to, double step, Duration stepDuration, Duration maxLag) {

        /** The rates of the steps, from {@code from} while at most {@code to}. */
        public List<Double> rates() {
            int count = (int) Math.min(steps(from, to, step), MAX_SWEEP_STEPS);
            List<Double> rates = new ArrayList<>(count);
            // by index, not by adding: repeated addition of a fraction drifts
            for (int i = 0; i < count; i++) {
                rates.add(from + i * step);
            }
            return List.copyOf(rates);
        }

        /** How many steps a sweep with these rates has (0 when they make none). */
        public static long steps(double from, double to, double step) {
            if (!(step > 0) || !(to >= from)) {
                return 0;
            }
            // the tolerance keeps 'to' itself a step when (to - from) / step is whole but for rounding
            return (long) Math.min(Long.MAX_VALUE, Math.floor((to - from) / step + 1e-9) + 1);
        }

        /** How long the whole sweep writes. */
        public Duration duration() {
            return stepDuration.multipliedBy(rates().size());
        }
    }
}
