package io.syncmeter.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A benchmark run as it stands: what {@code GET /api/runs/{id}} answers and the command line shows.
 *
 * @param id the run's id, also the folder of its objects at each site and of its results
 * @param profile the profile's name
 * @param overrides the {@code --set} overrides it was started with
 * @param state where it is
 * @param sites the sites it runs at
 * @param created when it was asked for
 * @param started when its load started; null before
 * @param ended when it ended (cleanup done); null before
 * @param results the directory of its result files
 * @param progress each site's figures so far, by site name
 * @param failure why it failed; null unless {@link State#FAILED}
 * @param joint the joint run it is a party of; null for a run of its own
 */
public record RunStatus(
        String id,
        String profile,
        List<String> overrides,
        State state,
        List<String> sites,
        Instant created,
        Instant started,
        Instant ended,
        String results,
        Map<String, SiteProgress> progress,
        String failure,
        Joint joint) {

    /** A run's states, in the order a run goes through them. */
    public enum State {
        /** Writing the keys the profile reads before the run starts (not measured). */
        PREFILLING,
        /** A party of a joint run, waiting at the start barrier for the others, then for the start. */
        MEETING,
        /** The load runs: warm-up, then the measured part. */
        RUNNING,
        /**
         * A replication run after its load: waiting until every object written is seen intact at every
         * target, or the drain timeout.
         */
        DRAINING,
        /** Deleting everything the run wrote under its prefix. */
        CLEANING_UP,
        /** A party of a joint run, its own results written: waiting for the others' to merge them. */
        MERGING,
        /** Ended as the profile says; the results are written. */
        DONE,
        /** Cancelled; cleaned up, and the figures up to the cancel are written. */
        CANCELLED,
        /** Failed; cleaned up as far as the sites allowed, see {@code failure}. */
        FAILED;

        /** Whether the run has ended in this state. */
        public boolean ended() {
            return this == DONE || this == CANCELLED || this == FAILED;
        }
    }

    /**
     * A party's view of its joint run.
     *
     * @param name the joint run's name
     * @param party this party's name
     * @param parties how many parties it has
     * @param members the parties' names once the start barrier closed, in the order they came; empty
     *     before
     * @param start when the parties' load starts, once the barrier closed; null before
     * @param result the merged {@code result.json} once written; null before, or when it could not be
     */
    public record Joint(String name, String party, int parties, List<String> members, Instant start, String result) {}

    /**
     * One site's figures so far.
     *
     * @param prefilled keys written before the run
     * @param warmingUp whether the load is still in its warm-up (not measured)
     * @param seconds seconds measured so far
     * @param operations measured operations so far, failures included
     * @param failed failed operations so far
     * @param operationsPerSecond over the last interval
     * @param bytesPerSecond over the last interval
     * @param latencyP99Seconds the last interval's p99 latency, all operations
     * @param done how far the measured part is, from 0 to 1 (by duration or by operations)
     * @param deleted objects the cleanup deleted
     */
    public record SiteProgress(
            long prefilled,
            boolean warmingUp,
            double seconds,
            long operations,
            long failed,
            double operationsPerSecond,
            double bytesPerSecond,
            double latencyP99Seconds,
            double done,
            long deleted) {

        /** Nothing yet. */
        public static final SiteProgress NONE = new SiteProgress(0, true, 0, 0, 0, 0, 0, 0, 0, 0);

        /** This with the keys the prefill wrote. */
        public SiteProgress withPrefilled(long keys) {
            return new SiteProgress(
                    keys,
                    warmingUp,
                    seconds,
                    operations,
                    failed,
                    operationsPerSecond,
                    bytesPerSecond,
                    latencyP99Seconds,
                    done,
                    deleted);
        }

        /** This with the objects the cleanup deleted. */
        public SiteProgress withDeleted(long objects) {
            return new SiteProgress(
                    prefilled,
                    warmingUp,
                    seconds,
                    operations,
                    failed,
                    operationsPerSecond,
                    bytesPerSecond,
                    latencyP99Seconds,
                    done,
                    objects);
        }
    }
}
