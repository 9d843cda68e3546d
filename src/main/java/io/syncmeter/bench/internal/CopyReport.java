package io.syncmeter.bench.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of one {@code bench-copy} run and their comparison with the sync engine issue's goals,
 * as Markdown (for BENCHMARKS.md) and as schema-versioned JSON. Filled by one thread.
 */
public final class CopyReport {

    /** Version of the JSON layout. */
    public static final int SCHEMA = 1;

    /**
     * One copy of the objects by one copier.
     *
     * @param requestsPerCopy S3 requests the copier counted per object copied; NaN when it does not count
     * @param complete every object at the target with the source's ETag
     */
    public record Copy(
            String copier,
            int concurrency,
            int workers,
            long objects,
            double objectsPerSecond,
            double cpuPerThousand,
            double serversCpuPerThousand,
            double requestsPerCopy,
            boolean complete) {

        static Copy of(
                String copier,
                int concurrency,
                long objects,
                Duration wall,
                Duration cpu,
                Duration servers,
                boolean complete) {
            return new Copy(
                    copier,
                    concurrency,
                    1,
                    objects,
                    objects / PutLoad.seconds(wall),
                    PutLoad.seconds(cpu) * 1000 / objects,
                    PutLoad.seconds(servers) * 1000 / objects,
                    Double.NaN,
                    complete);
        }
    }

    /** The target's plain PUT capacity at a concurrency, and the CPU of the load generator and the servers. */
    public record Put(
            int concurrency, long objects, double putsPerSecond, double cpuPerThousand, double serversCpuPerThousand) {}

    /**
     * One client's PUTs or GETs of the objects at the target, closed loop: syncmeter's load generator
     * or rclone.
     *
     * @param cpuMillisPerOperation the client process's CPU per operation, whole
     */
    public record Client(
            String client,
            String operation,
            int concurrency,
            long operations,
            double operationsPerSecond,
            double cpuMillisPerOperation,
            double serversCpuMillisPerOperation) {}

    /** SIGKILL of a worker owning shards: until the survivor owns every shard, and until the target is complete. */
    public record Failover(int concurrency, double ownedAfterSeconds, double completeAfterSeconds, boolean complete) {}

    /** The name of syncmeter's load generator in {@link Client#client()}. */
    public static final String GENERATOR = "syncmeter generator";

    private final int objects;
    private final int size;
    private final int warmup;
    private final int cores;
    private final Instant started = Instant.now();
    private String rcloneVersion = "";
    private final List<Copy> copies = new ArrayList<>();
    private final List<Put> puts = new ArrayList<>();
    private final List<Failover> failovers = new ArrayList<>();
    private final List<Client> clients = new ArrayList<>();

    public CopyReport(int objects, int size, int warmup, int cores) {
        this.objects = objects;
        this.size = size;
        this.warmup = warmup;
        this.cores = cores;
    }

    public void rcloneVersion(String version) {
        rcloneVersion = version;
    }

    /** A copy by rclone (one process, whole run). */
    public void rclone(int concurrency, Duration wall, Duration cpu, Duration servers, boolean complete) {
        copies.add(Copy.of("rclone", concurrency, objects, wall, cpu, servers, complete));
    }

    public void copy(Copy c) {
        copies.add(c);
    }

    public void put(int concurrency, PutLoad.Result r, Duration servers) {
        puts.add(new Put(
                concurrency,
                r.objects(),
                r.perSecond(),
                r.cpuPerThousand(),
                PutLoad.seconds(servers) * 1000 / r.objects()));
    }

    public void failover(Failover f) {
        failovers.add(f);
    }

    /** A client's PUTs or GETs: {@code operations} in {@code wall}, with its process's CPU and the servers'. */
    public void client(
            String client,
            String operation,
            int concurrency,
            long operations,
            Duration wall,
            Duration cpu,
            Duration servers) {
        clients.add(new Client(
                client,
                operation,
                concurrency,
                operations,
                operations / PutLoad.seconds(wall),
                PutLoad.seconds(cpu) * 1000 / operations,
                PutLoad.seconds(servers) * 1000 / operations));
    }

    /** The tables and the goals, met or not. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                Locale.ROOT,
                "%,d objects of %,d bytes per copy (the engine copies %,d more first, outside its window); %d cores;"
                        + " %s; started %s.%n%n",
                objects,
                size,
                warmup,
                cores,
                rcloneVersion.isEmpty() ? "rclone not run" : rcloneVersion,
                started));
        if (!copies.isEmpty()) {
            md.append("| copier | concurrency | workers | objects/s | CPU-s per 1,000 objects, copier |"
                    + " CPU-s per 1,000 objects, sites and broker | S3 requests per copy | complete |\n");
            md.append("|---|---|---|---|---|---|---|---|\n");
            for (Copy c : copies) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %d | %,.0f | %.2f | %.2f | %s | %s |%n",
                        c.copier(),
                        c.concurrency(),
                        c.workers(),
                        c.objectsPerSecond(),
                        c.cpuPerThousand(),
                        c.serversCpuPerThousand(),
                        Double.isNaN(c.requestsPerCopy())
                                ? "–"
                                : String.format(Locale.ROOT, "%.2f", c.requestsPerCopy()),
                        c.complete() ? "yes" : "**no**"));
            }
        }
        if (!puts.isEmpty()) {
            md.append("\nThe target's plain PUT capacity (same sites, a fresh prefix, threads of this process):\n\n");
            md.append(
                    "| threads | PUT/s | CPU-s per 1,000 PUTs, load generator | CPU-s per 1,000 PUTs, sites and broker |\n");
            md.append("|---|---|---|---|\n");
            for (Put p : puts) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %d | %,.0f | %.2f | %.2f |%n",
                        p.concurrency(),
                        p.putsPerSecond(),
                        p.cpuPerThousand(),
                        p.serversCpuPerThousand()));
            }
        }
        if (!clients.isEmpty()) {
            md.append("\nThe load generator against rclone, PUT and GET of the objects at the target (closed loop,"
                    + " same concurrency; the generator after a warm-up, rclone with --s3-no-head):\n\n");
            md.append("| client | operation | concurrency | operations/s | CPU-ms per operation, client |"
                    + " CPU-ms per operation, sites and broker |\n");
            md.append("|---|---|---|---|---|---|\n");
            for (Client c : clients) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %d | %,.0f | %.3f | %.3f |%n",
                        c.client(),
                        c.operation(),
                        c.concurrency(),
                        c.operationsPerSecond(),
                        c.cpuMillisPerOperation(),
                        c.serversCpuMillisPerOperation()));
            }
        }
        List<String> goals = goals();
        if (!goals.isEmpty()) {
            md.append("\nGoals:\n\n");
            goals.forEach(g -> md.append("- ").append(g).append('\n'));
        }
        return md.toString();
    }

    private List<String> goals() {
        List<String> out = new ArrayList<>();
        for (Copy e : copies) {
            if (!e.copier().equals("engine") || e.workers() != 1) {
                continue;
            }
            find("rclone", e.concurrency(), 1).ifPresent(r -> {
                double speed = e.objectsPerSecond() / r.objectsPerSecond();
                double cpu = e.cpuPerThousand() / r.cpuPerThousand();
                out.add(String.format(
                        Locale.ROOT,
                        "concurrency %d: the engine at %.2f× rclone's objects/s (goal ≥ 1: %s) and %.2f× its CPU per"
                                + " object (goal ≤ 0.5: %s)",
                        e.concurrency(),
                        speed,
                        met(speed >= 1),
                        cpu,
                        met(cpu <= 0.5)));
            });
            puts.stream()
                    .filter(p -> p.concurrency() == e.concurrency())
                    .findFirst()
                    .ifPresent(p -> {
                        double share = e.objectsPerSecond() / p.putsPerSecond();
                        out.add(String.format(
                                Locale.ROOT,
                                "concurrency %d: the engine at %.0f %% of the target's PUT capacity (goal ≥ 80 %%: %s)",
                                e.concurrency(),
                                share * 100,
                                met(share >= 0.8)));
                    });
            find("engine, 2 workers", e.concurrency(), 2).ifPresent(two -> {
                double ratio = two.objectsPerSecond() / e.objectsPerSecond();
                out.add(String.format(
                        Locale.ROOT,
                        "concurrency %d: 2 workers at %.2f× one (goal ≥ 1.7 where the servers are not the limit: %s)",
                        e.concurrency(),
                        ratio,
                        met(ratio >= 1.7)));
            });
        }
        for (Client g : clients) {
            if (!g.client().equals(GENERATOR)) {
                continue;
            }
            clients.stream()
                    .filter(r -> r.client().equals("rclone")
                            && r.operation().equals(g.operation())
                            && r.concurrency() == g.concurrency())
                    .findFirst()
                    .ifPresent(r -> {
                        double speed = g.operationsPerSecond() / r.operationsPerSecond();
                        double cpu = g.cpuMillisPerOperation() / r.cpuMillisPerOperation();
                        out.add(String.format(
                                Locale.ROOT,
                                "concurrency %d, %s: the load generator at %.2f× rclone's operations/s (goal ≥ 1: %s)"
                                        + " and %.2f× its CPU per operation (goal ≤ 1: %s)",
                                g.concurrency(),
                                g.operation(),
                                speed,
                                met(speed >= 1),
                                cpu,
                                met(cpu <= 1)));
                    });
        }
        for (Failover f : failovers) {
            out.add(String.format(
                    Locale.ROOT,
                    "failover: every shard owned by the survivor %.1f s after kill -9 (goal ≤ 10 s: %s), the target"
                            + " complete %.1f s after it, %s",
                    f.ownedAfterSeconds(),
                    met(f.ownedAfterSeconds() <= 10),
                    f.completeAfterSeconds(),
                    f.complete() ? "0 objects lost" : "**objects missing**"));
        }
        return out;
    }

    private Optional<Copy> find(String copier, int concurrency, int workers) {
        return copies.stream()
                .filter(c -> c.copier().equals(copier) && c.concurrency() == concurrency && c.workers() == workers)
                .findFirst();
    }

    private static String met(boolean met) {
        return met ? "met" : "**missed**";
    }

    /** The figures as JSON. */
    public String json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("started", started.toString());
        doc.put("objects", objects);
        doc.put("size", size);
        doc.put("warmup", warmup);
        doc.put("cores", cores);
        doc.put("rclone", rcloneVersion);
        doc.put("copies", copies);
        doc.put("puts", puts);
        doc.put("failovers", failovers);
        doc.put("clients", clients);
        doc.put("goals", goals());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
