package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.bench.WorkloadProfile;
import io.syncmeter.bench.WorkloadProfile.Operation;
import io.syncmeter.site.Site;
import io.syncmeter.testing.S3Server;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A benchmark run's pieces together against a real S3 server (in-process S3Proxy): a profile loaded
 * with overrides, its operations at a site, the load loop, the result files and the cleanup. What the
 * result counts is what the server holds.
 */
class BenchRunIT {

    private static final String BUCKET = "bench-run-it";
    private static S3Server server;
    private static Site site;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start("dc1", BUCKET);
        site = server.connect(8);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private LoadLoop.Result run(WorkloadProfile profile, SiteOperations ops, RunFiles files, AtomicLong calls)
            throws InterruptedException {
        long startNanos = System.nanoTime();
        return new LoadLoop(
                        profile.load(),
                        profile.stop(),
                        profile.warmUp(),
                        profile.autoTerminate().orElse(null),
                        n -> {
                            calls.incrementAndGet();
                            return ops.next(n);
                        },
                        Duration.ofMillis(200))
                .run(files.recorder(site.name(), startNanos, System.currentTimeMillis()));
    }

    private List<S3Object> listed(SiteOperations ops) {
        return site
                .s3()
                .listObjectsV2Paginator(
                        b -> b.bucket(BUCKET).prefix(ops.prefix().value()))
                .contents()
                .stream()
                .toList();
    }

    @Test
    void aPutRunsCountIsWhatTheServerHolds() throws Exception {
        WorkloadProfile profile = WorkloadLoader.load(
                "bench-mixed-small",
                List.of(
                        "operations={put: 1}",
                        "object-size=4KiB",
                        "keys.count=1000000",
                        "keys.prefill=0",
                        "load.concurrency=4",
                        "warm-up=0s",
                        "duration=",
                        "auto-terminate=",
                        "operation-count=300"));
        SiteOperations ops = new SiteOperations(profile, site, RunPrefix.of("puts", "dc1"), 7);
        AtomicLong calls = new AtomicLong();
        LoadLoop.Result result;
        try (RunFiles files = RunFiles.create(dir)) {
            result = run(profile, ops, files, calls);
            files.writeResult(new RunResult(
                    RunResult.SCHEMA,
                    "test",
                    RunFiles.describe(profile),
                    List.of(),
                    new RunResult.Environment(List.of(), new RunResult.Machine("os", "17", 2, 0, 0)),
                    Instant.now(),
                    Instant.now(),
                    Map.of("dc1", RunResult.SiteResult.of(result, 1)),
                    List.of(),
                    List.of()));
        }

        RunStats.Figures put = result.stats().operations().get(Operation.PUT);
        assertThat(calls).hasValue(300);
        assertThat(put.succeeded()).isEqualTo(300);
        List<S3Object> held = listed(ops);
        assertThat(held).hasSize(300);
        assertThat(held.stream().mapToLong(S3Object::size).sum())
                .isEqualTo(put.bytes())
                .isEqualTo(300 * 4096L);
        assertThat(RunFiles.readResult(dir.resolve("result.json"))
                        .sites()
                        .get("dc1")
                        .operations()
                        .get("put")
                        .succeeded())
                .isEqualTo(300);

        assertThat(ops.cleanup().deleted()).isEqualTo(300);
        assertThat(listed(ops)).isEmpty();
    }

    @Test
    void aMixedRunMakesEveryOperationOfItsMixAndLeavesNothingBehind() throws Exception {
        WorkloadProfile profile = WorkloadLoader.load(
                "bench-mixed-small",
                List.of(
                        "keys.count=200",
                        "load.concurrency=4",
                        "warm-up=0s",
                        "duration=",
                        "auto-terminate=",
                        "operation-count=1000"));
        SiteOperations ops = new SiteOperations(profile, site, RunPrefix.of("mixed", "dc1"), 11);
        assertThat(ops.prefill(4).objects()).isEqualTo(200);
        AtomicLong calls = new AtomicLong();
        LoadLoop.Result result;
        try (RunFiles files = RunFiles.create(dir)) {
            result = run(profile, ops, files, calls);
        }

        assertThat(calls).hasValue(1000);
        assertThat(result.stats().total()).isEqualTo(1000);
        assertThat(result.stats().exceptions()).isZero();
        assertThat(result.stats().operations().keySet())
                .containsExactlyInAnyOrder(
                        Operation.PUT, Operation.GET, Operation.HEAD, Operation.LIST, Operation.DELETE);
        // a read of a key the mix deleted is the only failure
        result.stats()
                .operations()
                .values()
                .forEach(f -> assertThat(f.errors().keySet()).isSubsetOf("not-found"));
        RunStats.Figures get = result.stats().operations().get(Operation.GET);
        assertThat(get.firstByte().getTotalCount()).isEqualTo(get.succeeded());

        ops.cleanup();
        assertThat(listed(ops)).isEmpty();
    }
}
