package io.syncmeter.bench.internal;

import io.syncmeter.bench.WorkloadProfile;
import io.syncmeter.bench.WorkloadProfile.Operation;
import io.syncmeter.site.Site;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * syncmeter's load generator alone, as {@code bench} runs it (the same {@link LoadLoop} and {@link
 * SiteOperations}), in this process against one site: a fixed number of PUTs or GETs of one size,
 * closed loop at a concurrency, to set beside another client's figures (rclone in {@code bench-copy}).
 * GETs read objects the run prefilled first. A warm-up pass of the same operations runs before the
 * measured one (the JIT compiles the hot path), and everything is deleted after (the run's own prefix
 * only). The CPU is this process's, whole, over the measured pass: with the servers in another process,
 * it is the generator's own cost, JIT and GC included. Runs on the caller's thread; not thread-safe.
 */
public final class ClientLoad {

    /**
     * What the measured pass did.
     *
     * @param operations operations that succeeded
     * @param failed operations that failed
     * @param wall from the first operation's start to the last one's end
     * @param cpu this process's CPU over that time
     * @param servers the servers' CPU over that time, as {@code serversCpu} told
     */
    public record Result(long operations, long failed, Duration wall, Duration cpu, Duration servers) {

        /** Operations per second. */
        public double perSecond() {
            return operations / PutLoad.seconds(wall);
        }

        /** CPU-milliseconds per operation. */
        public double cpuMillisPerOperation() {
            return operations == 0 ? Double.NaN : PutLoad.seconds(cpu) * 1000 / operations;
        }
    }

    private ClientLoad() {}

    /**
     * {@code operations} operations of {@code op} on objects of {@code size} bytes at {@code site}, at
     * {@code concurrency} in flight, after a warm-up of {@code warmup} operations (0 for none).
     *
     * @param runId names the run's prefix ({@link RunPrefix}); a GET run prefills {@code operations}
     *     keys under it
     * @param serversCpu the CPU the servers' process has used so far (read at the measured pass's start
     *     and end)
     */
    public static Result run(
            Site site,
            Operation op,
            long operations,
            int size,
            int concurrency,
            long warmup,
            String runId,
            Supplier<Duration> serversCpu)
            throws InterruptedException {
        if (op != Operation.PUT && op != Operation.GET) {
            throw new IllegalArgumentException("PUT or GET, not " + op);
        }
        WorkloadProfile profile = profile(op, operations, size, concurrency);
        SiteOperations ops = new SiteOperations(profile, site, RunPrefix.of(runId, site.name()), 1);
        try {
            if (op == Operation.GET) {
                ops.prefill(concurrency);
            }
            if (warmup > 0) {
                loop(profile(op, warmup, size, concurrency), ops).run(i -> {});
            }
            LoadLoop measured = loop(profile, ops);
            Duration servers0 = serversCpu.get();
            Duration cpu0 = CpuTime.self();
            long t0 = System.nanoTime();
            LoadLoop.Result r = measured.run(i -> {});
            Duration wall = Duration.ofNanos(System.nanoTime() - t0);
            Duration cpu = CpuTime.self().minus(cpu0);
            Duration servers = serversCpu.get().minus(servers0);
            RunStats.Figures f = r.stats().operations().get(op);
            long ok = f == null ? 0 : f.succeeded();
            long failed = f == null ? 0 : f.failed();
            return new Result(ok, failed, wall, cpu, servers);
        } finally {
            ops.cleanup();
        }
    }

    private static LoadLoop loop(WorkloadProfile profile, SiteOperations ops) {
        return new LoadLoop(profile.load(), profile.stop(), Duration.ZERO, null, ops, Duration.ofSeconds(1));
    }

    // the profile as a user would write it: the loader's checks and defaults apply
    static WorkloadProfile profile(Operation op, long operations, int size, int concurrency) {
        String yaml = String.join(
                "\n",
                "kind: workload",
                "name: client-" + op.field(),
                "operations:",
                "  " + op.field() + ": 1",
                "object-size: " + size,
                "keys:",
                "  count: " + operations,
                op == Operation.GET ? "  prefill: " + operations : "",
                "load:",
                "  concurrency: " + concurrency,
                "operation-count: " + operations,
                "");
        return WorkloadLoader.parse(
                "client-" + op.field(), new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), List.of());
    }
}
