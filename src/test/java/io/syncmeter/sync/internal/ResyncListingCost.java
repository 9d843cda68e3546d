package io.syncmeter.sync.internal;

import io.syncmeter.site.Site;
import io.syncmeter.testing.S3Server;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * The listing and comparison of a full sync ({@link RangedDiff}) of one pre-filled bucket between two
 * in-process S3 sites, sequential (parallelism 1: one listing per side) against parallel ranges, side by
 * side in one JVM. Two key shapes under their own prefix: numbered ({@code num/k-00000}…) and hashed
 * ({@code hash/<8 hex>-i}). The target holds all but 1 in 20 of the source's keys, 1 in 40 with other
 * content, and 1 extra per 40 keys, so each run must find the same differences; a run that finds others
 * fails the benchmark. Each variant runs once untimed (warm-up), then the variants take turns in
 * alternating order for {@code --rounds} rounds; the median is printed. Wall time covers the probes,
 * listings and comparisons (not the change topic); CPU is the whole JVM's, the S3 servers' included.
 * {@code --latency-ms 0,20}: each variant also with every LIST answered 20 ms later, as a remote site.
 *
 * <pre>
 * scripts/bench-jmh.sh --main io.syncmeter.sync.internal.ResyncListingCost --keys 20000 --rounds 3 \
 *   --parallelism 1,2,4,8 --latency-ms 0,20
 * </pre>
 */
public final class ResyncListingCost {

    private ResyncListingCost() {}

    /** One timed run. */
    record Run(long wallNanos, long cpuNanos, long listed, BucketDiff.Counts counts, int ranges) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>(
                Map.of("--keys", "20000", "--rounds", "3", "--parallelism", "1,2,4,8", "--latency-ms", "0,20"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        int keys = Integer.parseInt(opts.get("--keys"));
        int rounds = Integer.parseInt(opts.get("--rounds"));
        List<Long> latencies = new ArrayList<>();
        for (String l : opts.get("--latency-ms").split(",")) {
            latencies.add(Long.parseLong(l.strip()));
        }
        List<Integer> variants = new ArrayList<>();
        for (String p : opts.get("--parallelism").split(",")) {
            variants.add(Integer.parseInt(p.strip()));
        }
        try (S3Server dc1 = S3Server.start("dc1", "bench-resync");
                S3Server dc2 = S3Server.start("dc2", "bench-resync")) {
            Site source = dc1.connect(64);
            Site target = dc2.connect(64);
            ExecutorService pool = Executors.newFixedThreadPool(64, DaemonThreads.named("bench-range"));
            try {
                for (String prefix : List.of("num/", "hash/")) {
                    long fill = System.nanoTime();
                    fill(source, target, prefix, keys, pool);
                    System.out.printf(
                            Locale.ROOT,
                            "%s: %,d keys filled in %.1f s%n",
                            prefix,
                            keys,
                            (System.nanoTime() - fill) / 1e9);
                    for (long latencyMs : latencies) {
                        Site listedSource = latencyMs == 0 ? source : delayed(source, latencyMs);
                        Site listedTarget = latencyMs == 0 ? target : delayed(target, latencyMs);
                        Map<Integer, List<Run>> runs = new LinkedHashMap<>();
                        for (int p : variants) {
                            run(listedSource, listedTarget, prefix, p, pool); // warm-up
                            runs.put(p, new ArrayList<>());
                        }
                        for (int r = 0; r < rounds; r++) {
                            List<Integer> order = new ArrayList<>(variants);
                            if (r % 2 == 1) {
                                Collections.reverse(order);
                            }
                            for (int p : order) {
                                runs.get(p).add(run(listedSource, listedTarget, prefix, p, pool));
                            }
                        }
                        report(prefix + (latencyMs == 0 ? "" : " with " + latencyMs + " ms per LIST"), runs);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static Run run(Site source, Site target, String prefix, int parallelism, ExecutorService pool) {
        AtomicLong found = new AtomicLong();
        long cpu = cpuNanos();
        long start = System.nanoTime();
        RangedDiff.Result result = new RangedDiff(parallelism, pool)
                .compare(
                        new SiteListing(source, prefix), new SiteListing(target, prefix), d -> found.incrementAndGet());
        long wall = System.nanoTime() - start;
        long usedCpu = cpuNanos() - cpu;
        BucketDiff.Counts c = result.counts();
        if (found.get() != c.missing() + c.differs() + c.extra()) {
            throw new IllegalStateException("reported " + found + " differences, counted " + c);
        }
        return new Run(wall, usedCpu, c.source() + c.target(), c, result.ranges());
    }

    private static void report(String prefix, Map<Integer, List<Run>> runs) {
        BucketDiff.Counts expected = runs.values().iterator().next().get(0).counts();
        System.out.printf(Locale.ROOT, "%s differences: %s%n", prefix, expected);
        System.out.println("| parallelism | ranges | wall (median) | objects listed/s | CPU-s (JVM) | speed-up |");
        System.out.println("|---|---|---|---|---|---|");
        double base = 0;
        for (Map.Entry<Integer, List<Run>> e : runs.entrySet()) {
            List<Run> rs = new ArrayList<>(e.getValue());
            for (Run r : rs) {
                if (!r.counts().equals(expected)) {
                    throw new IllegalStateException(
                            "parallelism " + e.getKey() + " found " + r.counts() + ", another run " + expected);
                }
            }
            rs.sort((a, b) -> Long.compare(a.wallNanos(), b.wallNanos()));
            Run median = rs.get(rs.size() / 2);
            double wall = median.wallNanos() / 1e9;
            if (base == 0) {
                base = wall;
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %d | %.3f s | %,.0f | %.2f | %.2f× |%n",
                    e.getKey(),
                    median.ranges(),
                    wall,
                    median.listed() / wall,
                    median.cpuNanos() / 1e9,
                    base / wall);
        }
    }

    // source: every key; target: all but 1 in 20, 1 in 40 with other content, 1 extra per 40
    private static void fill(Site source, Site target, String prefix, int keys, ExecutorService pool) throws Exception {
        List<Future<?>> puts = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            String key = prefix + (prefix.equals("num/") ? String.format("k-%05d", i) : hash(i) + "-" + i);
            int n = i;
            puts.add(pool.submit(() -> {
                put(source, key, "v1");
                if (n % 20 != 0) {
                    put(target, key, n % 40 == 1 ? "v0" : "v1");
                }
                if (n % 40 == 2) {
                    put(target, key + "-extra", "x");
                }
            }));
        }
        for (Future<?> f : puts) {
            f.get();
        }
    }

    // the site with every LIST answered latencyMs later: a remote site, where a listing waits on round
    // trips rather than on this machine's CPU
    private static Site delayed(Site site, long latencyMs) {
        S3Client inner = site.s3();
        S3Client slow = new S3Client() {
            @Override
            public ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
                try {
                    Thread.sleep(latencyMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return inner.listObjectsV2(request);
            }

            @Override
            public String serviceName() {
                return inner.serviceName();
            }

            @Override
            public void close() {}
        };
        return new Site(site.name(), site.endpoint(), site.bucket(), slow);
    }

    private static void put(Site site, String key, String body) {
        site.s3()
                .putObject(b -> b.bucket(site.bucket()).key(key), RequestBody.fromString(body, StandardCharsets.UTF_8));
    }

    private static String hash(int i) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1")
                    .digest(Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
