package io.syncmeter.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syncmeter.bench.WorkloadProfile;
import io.syncmeter.bench.WorkloadProfile.Operation;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The document a run writes as {@code result.json}: what ran, where, when, and what each site's
 * operations did. Times in seconds, sizes in bytes, rates per second. Never holds a secret: sites
 * are named by name, endpoint and bucket only.
 *
 * @param schema the document's schema version, {@value #SCHEMA}
 * @param syncmeter the syncmeter version that ran it
 * @param profile the profile as it ran (overrides applied), as {@link #describe} writes it
 * @param overrides the {@code --set} overrides given, as written
 * @param environment the sites and the machine
 * @param start when the load started
 * @param end when it ended
 * @param sites each site's figures, by site name
 * @param replication replication under load, per direction (writer to target); empty when the run did
 *     not measure it
 * @param parties the parties of a joint run whose result this is, merged ({@link JointResult}); empty
 *     for the result of one run
 */
public record RunResult(
        int schema,
        String syncmeter,
        JsonNode profile,
        List<String> overrides,
        Environment environment,
        Instant start,
        Instant end,
        Map<String, SiteResult> sites,
        List<ReplicationWatch.DirectionResult> replication,
        List<Party> parties) {

    /** The schema version this code writes. */
    public static final int SCHEMA = 1;

    public RunResult {
        // absent in a result of a run that did not measure replication (and in older files)
        replication = replication == null ? List.of() : List.copyOf(replication);
        parties = parties == null ? List.of() : List.copyOf(parties);
    }

    /**
     * One party of a joint run, as its own result describes it.
     *
     * @param name the party's name
     * @param run its run's id (the folder of its objects and its own results)
     * @param overrides the overrides it ran with
     * @param sites the sites it loaded
     * @param machine its load generator's machine
     */
    public record Party(
            String name,
            String run,
            List<String> overrides,
            Instant start,
            Instant end,
            List<String> sites,
            Machine machine) {}

    /**
     * A profile as a JSON tree: its record fields, and for each either-or part (object size, load,
     * stop) a {@code form} naming the one it is ({@code fixed}, {@code log-uniform}, {@code open-loop},
     * {@code after-duration}, …), which its fields alone do not always tell.
     */
    public static JsonNode describe(WorkloadProfile profile, ObjectMapper json) {
        ObjectNode tree = json.valueToTree(profile);
        form(tree, "objectSize", profile.objectSize());
        form(tree, "load", profile.load());
        form(tree, "stop", profile.stop());
        return tree;
    }

    private static void form(ObjectNode tree, String field, Object value) {
        if (tree.get(field) instanceof ObjectNode node) {
            node.put(
                    "form",
                    value.getClass()
                            .getSimpleName()
                            .replaceAll("([a-z])([A-Z])", "$1-$2")
                            .toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Where it ran.
     *
     * @param sites the sites, without credentials
     * @param machine the machine the load ran on
     */
    public record Environment(List<SiteInfo> sites, Machine machine) {}

    /**
     * A site as the run used it.
     *
     * @param endpoint its endpoint URL, or {@code aws} for AWS's own
     * @param prefix the key prefix the run wrote under (and cleaned up)
     * @param server the server software as the site names it (its {@code Server} header), null where it
     *     names none
     */
    public record SiteInfo(String name, String endpoint, String bucket, String prefix, String server) {}

    /**
     * The load generator's machine.
     *
     * @param cores processors the JVM saw
     * @param cpuSeconds the load generator's process CPU over the run (its own cost)
     */
    public record Machine(String os, String java, int cores, long maxHeapBytes, double cpuSeconds) {}

    /**
     * One site's figures.
     *
     * @param ended why its load ended ({@link LoadLoop.Ended}, lower case)
     * @param seconds the measured time
     * @param warmUpOperations operations made in the warm-up, not measured
     * @param exceptions operations that threw (a bug of the generator, never the server's doing)
     * @param generatorCpuSeconds CPU the load generator's threads used at this site, warm-up included
     * @param generatorCpuMicrosPerOperation that CPU per operation made (warm-up included), in
     *     microseconds: what the client costs, to tell whether it could be the bottleneck
     * @param operations each operation's figures, by its profile name ({@code put}, {@code multipart-put})
     * @param cleanup what the cleanup removed under the run's prefix after the load; null when not known
     */
    public record SiteResult(
            String ended,
            double seconds,
            long warmUpOperations,
            long exceptions,
            double generatorCpuSeconds,
            double generatorCpuMicrosPerOperation,
            Map<String, OperationResult> operations,
            SiteOperations.Cleanup cleanup) {

        /** This with what the cleanup removed. */
        public SiteResult withCleanup(SiteOperations.Cleanup c) {
            return new SiteResult(
                    ended,
                    seconds,
                    warmUpOperations,
                    exceptions,
                    generatorCpuSeconds,
                    generatorCpuMicrosPerOperation,
                    operations,
                    c);
        }

        /** A site's figures from its load loop's result over {@code seconds} of measurement. */
        public static SiteResult of(LoadLoop.Result result, double seconds) {
            Map<String, OperationResult> ops = new LinkedHashMap<>();
            result.stats().operations().forEach((op, f) -> ops.put(op.field(), OperationResult.of(op, f, seconds)));
            double cpu = result.workerCpu().toNanos() / 1e9;
            long made = result.stats().total() + result.warmUpOperations();
            return new SiteResult(
                    result.ended().name().toLowerCase(Locale.ROOT),
                    seconds,
                    result.warmUpOperations(),
                    result.stats().exceptions(),
                    cpu,
                    made == 0 ? 0 : cpu * 1e6 / made,
                    ops,
                    null);
        }
    }

    /**
     * One operation's figures at one site.
     *
     * @param latency from due time (open loop) or start (closed loop) to end, successes only
     * @param service from the request's start to its end
     * @param firstByte from the request's start to the first byte of the response; null when not
     *     measured
     */
    public record OperationResult(
            long succeeded,
            long failed,
            Map<String, Long> errors,
            long bytes,
            double operationsPerSecond,
            double bytesPerSecond,
            Percentiles latency,
            Percentiles service,
            Percentiles firstByte) {

        static OperationResult of(Operation op, RunStats.Figures f, double seconds) {
            double s = seconds > 0 ? seconds : Double.NaN;
            return new OperationResult(
                    f.succeeded(),
                    f.failed(),
                    f.errors(),
                    f.bytes(),
                    (f.succeeded() + f.failed()) / s,
                    f.bytes() / s,
                    Percentiles.of(f.latency()),
                    Percentiles.of(f.service()),
                    f.firstByte().getTotalCount() == 0 ? null : Percentiles.of(f.firstByte()));
        }
    }

    /** A latency distribution in seconds, from an HdrHistogram of nanoseconds; zeros when empty. */
    public record Percentiles(long count, double mean, double p50, double p90, double p99, double p999, double max) {

        static Percentiles of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Percentiles(0, 0, 0, 0, 0, 0, 0);
            }
            return new Percentiles(
                    h.getTotalCount(),
                    h.getMean() / 1e9,
                    h.getValueAtPercentile(50) / 1e9,
                    h.getValueAtPercentile(90) / 1e9,
                    h.getValueAtPercentile(99) / 1e9,
                    h.getValueAtPercentile(99.9) / 1e9,
                    h.getMaxValue() / 1e9);
        }
    }
}
