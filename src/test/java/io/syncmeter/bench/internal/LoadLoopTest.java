package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncmeter.bench.WorkloadProfile.AutoTerminate;
import io.syncmeter.bench.WorkloadProfile.Load;
import io.syncmeter.bench.WorkloadProfile.Operation;
import io.syncmeter.bench.WorkloadProfile.Stop;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class LoadLoopTest {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private static LoadLoop.Result run(Load load, Stop stop, Duration warmUp, AutoTerminate auto, Operations ops)
            throws InterruptedException {
        return new LoadLoop(load, stop, warmUp, auto, ops, INTERVAL).run(i -> {});
    }

    @Test
    void aClosedLoopMakesExactlyTheOperationsItWasAskedForEachSequenceOnce() throws Exception {
        Set<Long> sequences = ConcurrentHashMap.newKeySet();
        AtomicLong calls = new AtomicLong();

        LoadLoop.Result r = run(new Load.ClosedLoop(8), new Stop.AfterOperations(2_000), Duration.ZERO, null, n -> {
            calls.incrementAndGet();
            sequences.add(n);
            return OpResult.ok(Operation.PUT, 10);
        });

        assertThat(r.ended()).isEqualTo(LoadLoop.Ended.STOPPED);
        assertThat(calls).hasValue(2_000);
        assertThat(sequences).hasSize(2_000);
        RunStats.Figures put = r.stats().operations().get(Operation.PUT);
        assertThat(put.succeeded()).isEqualTo(2_000);
        assertThat(put.bytes()).isEqualTo(20_000);
        assertThat(put.latency().getTotalCount()).isEqualTo(2_000);
        assertThat(r.stats().total()).isEqualTo(2_000);
    }

    @Test
    void anOpenLoopMakesEverySlotOfItsScheduleAndNoMore() throws Exception {
        List<Long> starts = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();

        LoadLoop.Result r = run(
                new Load.OpenLoop(200, 4), new Stop.AfterDuration(Duration.ofSeconds(2)), Duration.ZERO, null, n -> {
                    starts.add(System.nanoTime() - t0);
                    return OpResult.ok(Operation.GET, 1);
                });

        // slots due in [0, 2 s) at 200/s: 400, whatever the machine's speed
        assertThat(r.stats().total()).isEqualTo(400);
        assertThat(starts).hasSize(400);
        // none ran ahead of its due time: the last slot (399 × 5 ms) did not start before 1.995 s
        assertThat(starts.stream().mapToLong(Long::longValue).max().orElseThrow())
                .isGreaterThanOrEqualTo(Duration.ofMillis(1_995).toNanos());
    }

    @Test
    void aSweepsOpenLoopMakesEachStepsSlotsAtItsRateAndStopsAfterTheLastStep() throws Exception {
        List<Long> starts = new CopyOnWriteArrayList<>();
        // warm-up 0.5 s at 100/s, then 1 s at 100/s, 1 s at 200/s, 1 s at 400/s
        Duration warmUp = Duration.ofMillis(500);
        RateSchedule schedule = RateSchedule.steps(warmUp, List.of(100.0, 200.0, 400.0), Duration.ofSeconds(1));
        long t0 = System.nanoTime();

        LoadLoop.Result r = new LoadLoop(
                        new Load.OpenLoop(100, 16),
                        new Stop.AfterDuration(Duration.ofSeconds(3)),
                        warmUp,
                        null,
                        n -> {
                            starts.add(System.nanoTime() - t0);
                            return OpResult.ok(Operation.PUT, 1);
                        },
                        INTERVAL,
                        schedule)
                .run(t0, i -> {});

        assertThat(r.ended()).isEqualTo(LoadLoop.Ended.STOPPED);
        assertThat(r.warmUpOperations()).isEqualTo(50);
        assertThat(r.stats().total()).isEqualTo(100 + 200 + 400);
        // each step's slots started in its own second (never ahead of their due time)
        long s = 1_000_000_000L;
        long half = s / 2;
        assertThat(starts.stream().filter(t -> t >= half && t < half + s)).hasSizeLessThanOrEqualTo(100);
        assertThat(starts.stream().filter(t -> t >= half + 2 * s)).hasSizeLessThanOrEqualTo(400);
        assertThat(starts.stream().filter(t -> t < half)).hasSizeLessThanOrEqualTo(50);
    }

    @Test
    void anOpenLoopsLatencyIncludesTheQueueingAStalledServerCauses() throws Exception {
        // one worker; slot 50 stalls 400 ms, so the ~80 slots due meanwhile wait for it
        Duration stall = Duration.ofMillis(400);
        Operations ops = n -> {
            if (n == 50) {
                LockSupport.parkNanos(stall.toNanos()); // the injected stall of the server
            }
            return OpResult.ok(Operation.PUT, 1);
        };

        LoadLoop.Result open =
                run(new Load.OpenLoop(200, 1), new Stop.AfterDuration(Duration.ofSeconds(2)), Duration.ZERO, null, ops);

        RunStats.Figures put = open.stats().operations().get(Operation.PUT);
        assertThat(put.succeeded()).isEqualTo(400);
        // latency from the due time: the stalled slot and those queued behind it, about a fifth of all
        assertThat(put.latency().getMaxValue()).isGreaterThanOrEqualTo(stall.toNanos());
        assertThat(put.latency().getValueAtPercentile(90))
                .isGreaterThan(Duration.ofMillis(100).toNanos());
        assertThat(put.latency().getValueAtPercentile(99))
                .isGreaterThan(Duration.ofMillis(300).toNanos());
        // the operations' own time shows one slow call only
        assertThat(put.service().getValueAtPercentile(90))
                .isLessThan(Duration.ofMillis(50).toNanos());
        assertThat(put.service().getMaxValue()).isGreaterThanOrEqualTo(stall.toNanos());
    }

    @Test
    void anOpenLoopAddsWorkersUnderBacklogUpToItsMaximumAndNoMore() throws Exception {
        // each operation takes 100 ms (a slow server): 200/s needs 20 in flight, 16 are allowed
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();

        LoadLoop.Result r = run(
                new Load.OpenLoop(200, 16), new Stop.AfterDuration(Duration.ofSeconds(1)), Duration.ZERO, null, n -> {
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    threads.add(Thread.currentThread().getName());
                    LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // the slow server
                    inFlight.decrementAndGet();
                    return OpResult.ok(Operation.PUT, 0);
                });

        assertThat(most).hasValue(16);
        assertThat(threads).hasSize(16);
        assertThat(r.stats().total()).isEqualTo(200);
        RunStats.Figures put = r.stats().operations().get(Operation.PUT);
        // the backlog: slots wait for a worker, their latency grows past the 100 ms each one takes
        assertThat(put.latency().getMaxValue())
                .isGreaterThan(Duration.ofMillis(150).toNanos());
    }

    @Test
    void aSlowScheduleKeepsFewWorkers() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();

        run(new Load.OpenLoop(50, 1024), new Stop.AfterDuration(Duration.ofMillis(500)), Duration.ZERO, null, n -> {
            threads.add(Thread.currentThread().getName());
            return OpResult.ok(Operation.HEAD, 0);
        });

        assertThat(threads).hasSizeLessThanOrEqualTo(8);
    }

    @Test
    void theWarmUpIsMadeButNotMeasured() throws Exception {
        LoadLoop.Result r = run(
                new Load.OpenLoop(500, 2),
                new Stop.AfterOperations(100),
                Duration.ofMillis(200),
                null,
                n -> OpResult.ok(Operation.HEAD, 0));

        // 500/s for 200 ms: slots 0-99 are the warm-up, 100-199 measured
        assertThat(r.warmUpOperations()).isEqualTo(100);
        assertThat(r.stats().total()).isEqualTo(100);
    }

    @Test
    void failuresAreCountedByKindAndExceptionsApartAndTheLoadGoesOn() throws Exception {
        LoadLoop.Result r = run(new Load.ClosedLoop(2), new Stop.AfterOperations(300), Duration.ZERO, null, n -> {
            if (n % 3 == 0) {
                return OpResult.failed(Operation.GET, "http-503");
            }
            if (n % 3 == 1) {
                throw new IllegalStateException("a bug");
            }
            return OpResult.ok(Operation.GET, 5);
        });

        RunStats.Figures get = r.stats().operations().get(Operation.GET);
        assertThat(get.errors()).containsEntry("http-503", 100L);
        assertThat(get.succeeded()).isEqualTo(100);
        assertThat(get.latency().getTotalCount()).isEqualTo(100);
        assertThat(r.stats().exceptions()).isEqualTo(100);
        assertThat(r.stats().total()).isEqualTo(300);
    }

    @Test
    void cancelEndsARunPromptlyAndWhatWasMadeIsMeasured() throws Exception {
        AtomicLong made = new AtomicLong();
        LoadLoop loop = new LoadLoop(
                new Load.ClosedLoop(4),
                new Stop.AfterDuration(Duration.ofHours(1)),
                Duration.ZERO,
                null,
                n -> {
                    made.incrementAndGet();
                    return OpResult.ok(Operation.LIST, 0);
                },
                INTERVAL);
        var pool = Executors.newSingleThreadExecutor();
        try {
            Future<LoadLoop.Result> result = pool.submit(() -> loop.run(i -> {}));
            await().atMost(Duration.ofSeconds(10)).until(() -> made.get() > 1_000);

            loop.cancel();

            LoadLoop.Result r = result.get(10, TimeUnit.SECONDS);
            assertThat(r.ended()).isEqualTo(LoadLoop.Ended.CANCELLED);
            assertThat(r.stats().total()).isEqualTo(made.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRunWhoseThroughputHoldsEndsOnceTheWindowIsStable() throws Exception {
        List<RunStats.Interval> seen = new CopyOnWriteArrayList<>();
        LoadLoop loop = new LoadLoop(
                new Load.OpenLoop(300, 4),
                new Stop.AfterDuration(Duration.ofHours(1)),
                Duration.ZERO,
                new AutoTerminate(Duration.ofMillis(600), 25),
                n -> OpResult.ok(Operation.PUT, 0),
                INTERVAL);

        LoadLoop.Result r = loop.run(seen::add);

        assertThat(r.ended()).isEqualTo(LoadLoop.Ended.STABLE);
        // every interval's operations are in the whole run's
        assertThat(seen.stream()
                        .mapToLong(i -> i.operations().values().stream()
                                .mapToLong(RunStats.Figures::succeeded)
                                .sum())
                        .sum())
                .isEqualTo(r.stats().total());
    }

    @Test
    void stabilityNeedsAWholeMeasuredWindowWithinTheTolerance() {
        AutoTerminate rule = new AutoTerminate(Duration.ofSeconds(3), 10);
        long s = 1_000_000_000L;

        assertThat(LoadLoop.stable(intervals(s, 100, 100, 105, 98), 0, rule)).isTrue();
        assertThat(LoadLoop.stable(intervals(s, 100, 100, 150, 98), 0, rule)).isFalse();
        // the window reaches into the warm-up
        assertThat(LoadLoop.stable(intervals(s, 100, 100, 100), 2 * s, rule)).isFalse();
        assertThat(LoadLoop.stable(intervals(s, 0, 0, 0, 0), 0, rule)).isFalse();
        assertThat(LoadLoop.stable(List.of(), 0, rule)).isFalse();
    }

    // one-second intervals from t = 0 with these successes each
    private static List<RunStats.Interval> intervals(long second, long... counts) {
        java.util.ArrayList<RunStats.Interval> list = new java.util.ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            var h = new org.HdrHistogram.Histogram(3);
            for (long c = 0; c < counts[i]; c++) {
                h.recordValue(1);
            }
            list.add(new RunStats.Interval(
                    i * second,
                    (i + 1) * second,
                    java.util.Map.of(Operation.PUT, new RunStats.Figures(counts[i], java.util.Map.of(), 0, h, h, h)),
                    0));
        }
        return list;
    }
}
