package io.syncmeter.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.syncmeter.bench.WorkloadProfile;
import io.syncmeter.bench.WorkloadProfile.AutoTerminate;
import io.syncmeter.bench.WorkloadProfile.Keys;
import io.syncmeter.bench.WorkloadProfile.Load;
import io.syncmeter.bench.WorkloadProfile.Mix;
import io.syncmeter.bench.WorkloadProfile.Multipart;
import io.syncmeter.bench.WorkloadProfile.ObjectSize;
import io.syncmeter.bench.WorkloadProfile.Operation;
import io.syncmeter.bench.WorkloadProfile.Replication;
import io.syncmeter.bench.WorkloadProfile.ReplicationMode;
import io.syncmeter.bench.WorkloadProfile.Sites;
import io.syncmeter.bench.WorkloadProfile.Stop;
import io.syncmeter.bench.WorkloadProfile.Sweep;
import io.syncmeter.bench.WorkloadProfileException;
import io.syncmeter.site.SiteSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads workload profiles from YAML, with the probe profiles' conventions: a reference is a name
 * ({@code probes/<name>.yaml} in the working directory, then {@code probes/<name>.yaml} inside the
 * application) or a path to a file. {@code --set key=value} overrides are applied to the document
 * before it is validated, so they meet the same checks. Every problem names the file and line (or the
 * override) and the field, and all are reported at once in a {@link WorkloadProfileException}; no
 * other exception leaves. Stateless and thread-safe.
 */
public final class WorkloadLoader {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?");
    private static final int MAX_DESCRIPTION = 2000;
    private static final Pattern DESCRIPTION = Pattern.compile("(?s).{0," + MAX_DESCRIPTION + "}");
    private static final int MAX_SITES = 64;
    private static final int MAX_SIZES = 100;
    private static final long DEFAULT_PART_SIZE = 8L << 20;
    private static final int DEFAULT_MAX_IN_FLIGHT = 1024;
    private static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(30);
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final Duration ONE_HOUR = Duration.ofHours(1);

    private static final List<String> FIELDS = List.of(
            "kind",
            "name",
            "description",
            "sites",
            "max-runs-per-site",
            "operations",
            "object-size",
            "multipart",
            "keys",
            "load",
            "duration",
            "operation-count",
            "warm-up",
            "auto-terminate",
            "replication");
    // the probe profile's own fields: a file with these and no kind is a probe profile
    private static final List<String> PROBE_FIELDS = List.of("rate-per-second", "object-sizes", "thresholds");
    private static final List<String> OPERATIONS =
            Arrays.stream(Operation.values()).map(Operation::field).toList();
    private static final List<String> SIZE_FIELDS = List.of("distribution", "min", "max", "sizes");
    private static final List<String> DISTRIBUTIONS = List.of("uniform", "log-uniform", "weighted");
    private static final List<String> WEIGHTED_FIELDS = List.of("size", "weight");
    private static final List<String> MULTIPART_FIELDS = List.of("part-size");
    private static final List<String> KEY_FIELDS = List.of("count", "prefill");
    private static final List<String> LOAD_FIELDS = List.of("concurrency", "rate", "max-in-flight");
    private static final List<String> AUTO_TERMINATE_FIELDS = List.of("window", "tolerance-percent");
    private static final List<String> REPLICATION_FIELDS =
            List.of("mode", "writers", "targets", "drain-timeout", "sweep");
    private static final List<String> SWEEP_FIELDS = List.of("from", "to", "step", "step-duration", "max-lag");

    private WorkloadLoader() {}

    /**
     * Loads a profile.
     *
     * @param reference a profile name or a path to a YAML file
     * @param overrides {@code key=value} assignments applied before validation
     * @throws WorkloadProfileException naming the file, line and field of every problem, or where it
     *     looked when the profile is not there
     */
    public static WorkloadProfile load(String reference, List<String> overrides) {
        boolean isPath = reference.endsWith(".yaml") || reference.endsWith(".yml") || reference.contains("/");
        Path file = isPath ? Path.of(reference) : Path.of("probes", reference + ".yaml");
        String resource = "probes/" + reference + ".yaml";
        try {
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    return parse(file.toString(), in, overrides);
                }
            }
            InputStream packaged = isPath
                    ? null
                    : Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
            if (packaged != null) {
                try (InputStream in = packaged) {
                    return parse("classpath:" + resource, in, overrides);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof WorkloadProfileException w) {
                throw w;
            }
            throw new WorkloadProfileException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        throw new WorkloadProfileException(List.of("no workload profile '" + reference + "' (looked for "
                + file.toAbsolutePath() + (isPath ? "" : " and for " + resource + " inside the application") + ")"));
    }

    /**
     * Parses and validates one profile document.
     *
     * @param source names the document in messages ({@code probes/x.yaml})
     * @param overrides {@code key=value} assignments applied before validation
     * @throws WorkloadProfileException naming the line and field of every problem
     */
    public static WorkloadProfile parse(String source, InputStream yaml, List<String> overrides) {
        ProfileTree tree;
        try {
            tree = ProfileTree.read(source, yaml);
        } catch (IllegalArgumentException e) {
            throw new WorkloadProfileException(List.of(e.getMessage()));
        }
        List<String> problems = new ArrayList<>(tree.problems());
        for (String assignment : overrides) {
            tree.override(assignment).ifPresent(problems::add);
        }
        Optional<WorkloadProfile> profile = validate(tree, problems);
        if (profile.isEmpty()) {
            if (problems.isEmpty()) {
                // every reader that returns nothing records why; this only guards against one that does not
                problems.add(source + ": invalid");
            }
            throw new WorkloadProfileException(problems);
        }
        return profile.get();
    }

    /** Reads every field, recording each problem; a profile only when there were none. */
    private static Optional<WorkloadProfile> validate(ProfileTree tree, List<String> problems) {
        Section root = new Section(tree, "", tree.root(), new ArrayList<>(), FIELDS);
        if (!isWorkload(tree, root, problems)) {
            // the rest would be a flood of unknown fields about a file of another kind
            return Optional.empty();
        }
        root = new Section(tree, "", tree.root(), problems, FIELDS);
        Optional<String> name = root.text("name", NAME, "lower-case letters, digits and '-', at most 64");
        root.require("name", "the profile's name");
        String description = root.text(
                        "description", DESCRIPTION, "a text of at most " + MAX_DESCRIPTION + " characters")
                .orElse("");
        List<String> sites = root.names("sites", SiteSettings.NAME, "a site name: " + SiteSettings.NAME_RULE, MAX_SITES)
                .orElse(List.of());
        int maxRuns = root.count("max-runs-per-site", 1, WorkloadProfile.MAX_RUNS_PER_SITE)
                .orElse(1);
        Optional<Mix> mix = mix(root);
        Optional<ObjectSize> size = objectSize(root);
        Multipart multipart = new Multipart(root.section("multipart", MULTIPART_FIELDS)
                .flatMap(m -> m.size("part-size", WorkloadProfile.MIN_PART_SIZE, WorkloadProfile.MAX_OBJECT_SIZE))
                .orElse(DEFAULT_PART_SIZE));
        Optional<Keys> keys = keys(root, mix);
        Optional<Replication> replication = replication(root, sites, mix);
        // an invalid replication section still says its mode, and the mode decides what load and stop may be
        ReplicationMode mode = replication.map(Replication::mode).orElseGet(() -> declaredMode(tree));
        Optional<Sweep> sweep = replication.flatMap(Replication::sweep);
        Optional<Load> load = load(root, mode, sweep);
        Optional<Stop> stop = stop(root, mode, sweep);
        Duration warmUp = root.duration("warm-up", Duration.ZERO, ONE_HOUR).orElse(Duration.ZERO);
        Optional<AutoTerminate> autoTerminate = autoTerminate(root, mode, stop);
        boolean complete = name.isPresent()
                && mix.isPresent()
                && size.isPresent()
                && keys.isPresent()
                && load.isPresent()
                && stop.isPresent()
                && replication.isPresent();
        if (!problems.isEmpty() || !complete) {
            return Optional.empty();
        }
        return Optional.of(new WorkloadProfile(
                name.orElseThrow(),
                description,
                new Sites(sites),
                maxRuns,
                mix.orElseThrow(),
                size.orElseThrow(),
                multipart,
                keys.orElseThrow(),
                load.orElseThrow(),
                stop.orElseThrow(),
                warmUp,
                autoTerminate,
                replication.orElseThrow()));
    }

    private static ReplicationMode declaredMode(ProfileTree tree) {
        String declared = tree.root().path("replication").path("mode").asText("");
        return Arrays.stream(ReplicationMode.values())
                .filter(m -> m.field().equals(declared))
                .findFirst()
                .orElse(ReplicationMode.NONE);
    }

    private static boolean isWorkload(ProfileTree tree, Section root, List<String> problems) {
        JsonNode kind = tree.root().path("kind");
        if (kind.isTextual() && kind.asText().equals(WorkloadProfile.KIND)) {
            return true;
        }
        List<String> own = new ArrayList<>();
        if (kind.isMissingNode() || kind.isNull()) {
            PROBE_FIELDS.stream()
                    .filter(root::has)
                    .findFirst()
                    .ifPresentOrElse(
                            probeField -> own.add(root.origin("kind") + ": kind: missing, and '" + probeField
                                    + "' makes this a probe profile; a workload profile starts with 'kind: "
                                    + WorkloadProfile.KIND + "'"),
                            () -> own.add(
                                    root.origin("kind") + ": kind: is required: a workload profile starts with 'kind: "
                                            + WorkloadProfile.KIND + "'"));
        } else {
            own.add(root.origin("kind") + ": kind: must be '" + WorkloadProfile.KIND + "' in a workload profile, was "
                    + (kind.isTextual() ? "'" + kind.asText() + "'" : kind.toString()));
        }
        problems.addAll(own);
        return false;
    }

    private static Optional<Mix> mix(Section root) {
        root.require("operations", "the operations and their weights, e.g. {put: 20, get: 80}");
        return root.section("operations", OPERATIONS).flatMap(ops -> {
            int[] w = new int[OPERATIONS.size()];
            for (Operation o : Operation.values()) {
                w[o.ordinal()] =
                        ops.count(o.field(), 0, WorkloadProfile.MAX_WEIGHT).orElse(0);
            }
            Mix mix = new Mix(w[0], w[1], w[2], w[3], w[4], w[5]);
            if (mix.total() == 0) {
                ops.problem(
                        "", "at least one operation needs a weight above 0 (" + String.join(", ", OPERATIONS) + ")");
                return Optional.empty();
            }
            return Optional.of(mix);
        });
    }

    private static Optional<ObjectSize> objectSize(Section root) {
        root.require(
                "object-size", "a size (4KiB) or a distribution ({distribution: log-uniform, min: 1KiB, max: 1MiB})");
        Optional<JsonNode> raw = root.raw("object-size");
        if (raw.isPresent() && !raw.get().isObject()) {
            return root.size(raw.get(), "object-size", 0, WorkloadProfile.MAX_OBJECT_SIZE)
                    .map(ObjectSize.Fixed::new);
        }
        return root.section("object-size", SIZE_FIELDS).flatMap(s -> {
            s.require("distribution", String.join(", ", DISTRIBUTIONS));
            Optional<String> distribution = s.text(
                    "distribution",
                    Pattern.compile(String.join("|", DISTRIBUTIONS)),
                    "one of " + String.join(", ", DISTRIBUTIONS));
            if (distribution.isEmpty()) {
                return Optional.empty();
            }
            if (distribution.get().equals("weighted")) {
                s.forbid("min", "not with distribution weighted: its sizes are listed");
                s.forbid("max", "not with distribution weighted: its sizes are listed");
                return weighted(s);
            }
            s.forbid("sizes", "only with distribution weighted");
            boolean log = distribution.get().equals("log-uniform");
            s.require("min", "the smallest size");
            s.require("max", "the largest size");
            Optional<Long> min = s.size("min", log ? 1 : 0, WorkloadProfile.MAX_OBJECT_SIZE);
            Optional<Long> max = s.size("max", log ? 1 : 0, WorkloadProfile.MAX_OBJECT_SIZE);
            if (min.isEmpty() || max.isEmpty()) {
                return Optional.empty();
            }
            if (min.get() > max.get()) {
                s.problem(
                        "max",
                        "must be at least min (" + ProfileSyntax.size(min.get()) + "), was "
                                + ProfileSyntax.size(max.get()));
                return Optional.empty();
            }
            return Optional.of(
                    log
                            ? new ObjectSize.LogUniform(min.get(), max.get())
                            : new ObjectSize.Uniform(min.get(), max.get()));
        });
    }

    private static Optional<ObjectSize> weighted(Section s) {
        s.require("sizes", "a list of {size: 4KiB, weight: 9}");
        return s.sections("sizes", MAX_SIZES, WEIGHTED_FIELDS).flatMap(items -> {
            List<ObjectSize.WeightedSize> sizes = new ArrayList<>();
            for (Section item : items) {
                item.require("size", "the object size");
                item.require("weight", "how often it is picked, relative to the others");
                Optional<Long> bytes = item.size("size", 0, WorkloadProfile.MAX_OBJECT_SIZE);
                Optional<Integer> weight = item.count("weight", 1, WorkloadProfile.MAX_WEIGHT);
                if (bytes.isPresent() && weight.isPresent()) {
                    sizes.add(new ObjectSize.WeightedSize(bytes.get(), weight.get()));
                }
            }
            return sizes.size() == items.size() ? Optional.of(new ObjectSize.Weighted(sizes)) : Optional.empty();
        });
    }

    private static Optional<Keys> keys(Section root, Optional<Mix> mix) {
        root.require("keys", "the key set, e.g. {count: 10000}");
        return root.section("keys", KEY_FIELDS).flatMap(k -> {
            k.require("count", "how many distinct keys operations pick from");
            Optional<Long> count = k.whole("count", 1, WorkloadProfile.MAX_KEYS);
            if (count.isEmpty()) {
                return Optional.empty();
            }
            List<Operation> used = mix.map(Mix::used).orElse(List.of());
            boolean reads = used.stream().anyMatch(Operation::reads);
            boolean writes = used.stream().anyMatch(Operation::writes);
            // reads need objects there: by default the whole key set is written first
            long prefill = k.whole("prefill", 0, count.get()).orElse(reads ? count.get() : 0L);
            if (k.has("prefill") && prefill == 0 && reads && !writes) {
                k.problem("prefill", "must be above 0: the operations read or delete and none writes");
                return Optional.empty();
            }
            return Optional.of(new Keys(count.get(), prefill));
        });
    }

    private static Optional<Load> load(Section root, ReplicationMode mode, Optional<Sweep> sweep) {
        if (mode == ReplicationMode.SWEEP && !root.has("load")) {
            return sweep.map(s -> new Load.OpenLoop(s.from(), DEFAULT_MAX_IN_FLIGHT));
        }
        root.require("load", "{concurrency: N} (closed loop) or {rate: N} (open loop, operations/s per site)");
        return root.section("load", LOAD_FIELDS).flatMap(l -> {
            Optional<Integer> concurrency = l.count("concurrency", 1, WorkloadProfile.MAX_CONCURRENCY);
            Optional<Double> rate = l.number("rate", 0.01, WorkloadProfile.MAX_RATE);
            int maxInFlight =
                    l.count("max-in-flight", 1, WorkloadProfile.MAX_IN_FLIGHT).orElse(DEFAULT_MAX_IN_FLIGHT);
            if (mode == ReplicationMode.SWEEP) {
                l.forbid("concurrency", "not with replication.mode sweep: a sweep is open loop");
                l.forbid("rate", "not with replication.mode sweep: the sweep sets the rate");
                return sweep.map(s -> new Load.OpenLoop(s.from(), maxInFlight));
            }
            if (!l.exclusive(
                    "concurrency",
                    "rate",
                    "give concurrency (closed loop) or rate (open loop)",
                    "",
                    "give concurrency (closed loop) or rate (open loop, operations/s per site)")) {
                return Optional.empty();
            }
            if (l.has("concurrency")) {
                l.forbid("max-in-flight", "only with rate: a closed loop has concurrency requests in flight");
                if (mode == ReplicationMode.STEADY) {
                    l.problem("concurrency", "not with replication.mode steady: it writes at a steady rate; give rate");
                    return Optional.empty();
                }
                return concurrency.map(Load.ClosedLoop::new);
            }
            return rate.map(r -> new Load.OpenLoop(r, maxInFlight));
        });
    }

    private static Optional<Stop> stop(Section root, ReplicationMode mode, Optional<Sweep> sweep) {
        Optional<Duration> duration = root.duration("duration", ONE_SECOND, WorkloadProfile.MAX_DURATION);
        Optional<Long> operations = root.whole("operation-count", 1, WorkloadProfile.MAX_OPERATIONS);
        if (mode == ReplicationMode.SWEEP) {
            root.forbid("duration", "not with replication.mode sweep: its steps set how long it runs");
            root.forbid("operation-count", "not with replication.mode sweep: its steps set how long it runs");
            return sweep.map(s -> new Stop.AfterDuration(s.duration()));
        }
        if (!root.exclusive(
                "duration",
                "operation-count",
                "give one",
                "duration",
                "is required, or operation-count: when the measured run ends")) {
            return Optional.empty();
        }
        return duration.<Stop>map(Stop.AfterDuration::new).or(() -> operations.map(Stop.AfterOperations::new));
    }

    private static Optional<AutoTerminate> autoTerminate(Section root, ReplicationMode mode, Optional<Stop> stop) {
        return root.section("auto-terminate", AUTO_TERMINATE_FIELDS).flatMap(a -> {
            if (mode == ReplicationMode.SWEEP) {
                a.problem("", "not with replication.mode sweep: every step runs its full step-duration");
                return Optional.empty();
            }
            a.require("window", "throughput is compared over the last window of this length, e.g. 10s");
            a.require("tolerance-percent", "stable when throughput stays within this percentage, e.g. 5");
            Optional<Duration> window = a.duration("window", ONE_SECOND, ONE_HOUR);
            Optional<Double> tolerance = a.number("tolerance-percent", 0.1, 50);
            if (window.isEmpty() || tolerance.isEmpty()) {
                return Optional.empty();
            }
            if (stop.orElse(null) instanceof Stop.AfterDuration d
                    && window.get().compareTo(d.duration()) >= 0) {
                a.problem("window", "must be shorter than duration (" + ProfileSyntax.duration(d.duration()) + ")");
                return Optional.empty();
            }
            return Optional.of(new AutoTerminate(window.get(), tolerance.get()));
        });
    }

    private static Optional<Replication> replication(Section root, List<String> sites, Optional<Mix> mix) {
        Optional<Section> section = root.section("replication", REPLICATION_FIELDS);
        if (section.isEmpty()) {
            return root.has("replication") ? Optional.empty() : Optional.of(Replication.none(DEFAULT_DRAIN_TIMEOUT));
        }
        Section r = section.get();
        r.require("mode", "none, burst, steady or sweep");
        Optional<ReplicationMode> mode = r.choice("mode", ReplicationMode.values(), ReplicationMode::field);
        if (mode.isEmpty()) {
            return Optional.empty();
        }
        if (mode.get() == ReplicationMode.NONE) {
            for (String field : List.of("writers", "targets", "drain-timeout", "sweep")) {
                r.forbid(field, "not with mode none: nothing of replication is measured");
            }
            return Optional.of(Replication.none(DEFAULT_DRAIN_TIMEOUT));
        }
        if (mix.isPresent() && mix.get().used().stream().noneMatch(Operation::writes)) {
            r.problem(
                    "mode",
                    mode.get().field() + " measures replication of writes: give operations.put or"
                            + " operations.multipart-put a weight above 0");
        }
        String rule = "a site name: " + SiteSettings.NAME_RULE;
        List<String> writers =
                r.names("writers", SiteSettings.NAME, rule, MAX_SITES).orElse(List.of());
        List<String> targets =
                r.names("targets", SiteSettings.NAME, rule, MAX_SITES).orElse(List.of());
        within(r, "writers", writers, sites);
        within(r, "targets", targets, sites);
        if (writers.size() == 1 && writers.equals(targets)) {
            r.problem("targets", "no site to measure at: a site is never measured against its own writes");
        }
        Duration drain = r.duration("drain-timeout", ONE_SECOND, WorkloadProfile.MAX_DURATION)
                .orElse(DEFAULT_DRAIN_TIMEOUT);
        Optional<Sweep> sweep = Optional.empty();
        if (mode.get() == ReplicationMode.SWEEP) {
            r.require("sweep", "{from: 50, to: 500, step: 50, step-duration: 30s}");
            sweep = r.section("sweep", SWEEP_FIELDS).flatMap(WorkloadLoader::sweep);
            if (sweep.isEmpty()) {
                return Optional.empty();
            }
        } else {
            r.forbid("sweep", "only with mode sweep");
        }
        return Optional.of(new Replication(mode.get(), writers, targets, drain, sweep));
    }

    private static void within(Section r, String field, List<String> names, List<String> sites) {
        if (sites.isEmpty()) {
            return; // every configured site: known only when the run starts
        }
        for (String n : names) {
            if (!sites.contains(n)) {
                r.problem(field, "'" + n + "' is not one of sites " + sites);
            }
        }
    }

    private static Optional<Sweep> sweep(Section s) {
        for (String field : List.of("from", "to", "step", "step-duration")) {
            s.require(field, "from, to and step (writes/s per writing site) and step-duration");
        }
        Optional<Double> from = s.number("from", 0.01, WorkloadProfile.MAX_RATE);
        Optional<Double> to = s.number("to", 0.01, WorkloadProfile.MAX_RATE);
        Optional<Double> step = s.number("step", 0.01, WorkloadProfile.MAX_RATE);
        Optional<Duration> stepDuration = s.duration("step-duration", ONE_SECOND, ONE_HOUR);
        Duration maxLag = s.duration("max-lag", Duration.ofMillis(1), ONE_HOUR).orElse(DEFAULT_MAX_LAG);
        if (from.isEmpty() || to.isEmpty() || step.isEmpty() || stepDuration.isEmpty()) {
            return Optional.empty();
        }
        if (to.get() < from.get()) {
            s.problem(
                    "to",
                    "must be at least from (" + ProfileSyntax.number(from.get()) + "), was "
                            + ProfileSyntax.number(to.get()));
            return Optional.empty();
        }
        long steps = Sweep.steps(from.get(), to.get(), step.get());
        if (steps > WorkloadProfile.MAX_SWEEP_STEPS) {
            s.problem(
                    "step",
                    "makes " + steps + " steps from " + ProfileSyntax.number(from.get()) + " to "
                            + ProfileSyntax.number(to.get()) + "; at most " + WorkloadProfile.MAX_SWEEP_STEPS);
            return Optional.empty();
        }
        Sweep sweep = new Sweep(from.get(), to.get(), step.get(), stepDuration.get(), maxLag);
        if (sweep.duration().compareTo(WorkloadProfile.MAX_DURATION) > 0) {
            s.problem(
                    "step-duration",
                    "makes the sweep last " + ProfileSyntax.duration(sweep.duration()) + "; at most "
                            + ProfileSyntax.duration(WorkloadProfile.MAX_DURATION));
            return Optional.empty();
        }
        return Optional.of(sweep);
    }
}
