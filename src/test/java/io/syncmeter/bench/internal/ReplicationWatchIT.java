package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.site.Site;
import io.syncmeter.testing.S3Server;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The replication watch against two real S3 servers and a copier of the test's own whose delay is
 * known: each object is copied from dc1 to dc2 a fixed time after its PUT was acknowledged, so every
 * lag is at least that delay and at most it plus a round and a listing, and the drain time after
 * the last write is about the delay. An object the copier never copies is missing, a tampered copy
 * is never counted replicated.
 */
class ReplicationWatchIT {

    private static final String BUCKET = "replication-watch-it";
    private static final Duration DELAY = Duration.ofMillis(1500);
    private static final Duration ROUND = Duration.ofMillis(100);
    private static final int OBJECTS = 150;
    private static S3Server dc1Server;
    private static S3Server dc2Server;
    private static Site dc1;
    private static Site dc2;
    private ScheduledExecutorService copier;

    @BeforeAll
    static void startServers() throws Exception {
        dc1Server = S3Server.start("dc1", BUCKET);
        dc2Server = S3Server.start("dc2", BUCKET);
        dc1 = dc1Server.connect(8);
        dc2 = dc2Server.connect(8);
    }

    @AfterAll
    static void stopServers() {
        dc1Server.close();
        dc2Server.close();
    }

    @BeforeEach
    void startCopier() {
        copier = Executors.newScheduledThreadPool(4);
    }

    @AfterEach
    void stopCopier() {
        copier.shutdownNow();
    }

    // copies dc1's key to dc2 at the PUT's acknowledgement plus the delay (never earlier)
    private void copyLater(String key, long ackNanos, boolean tamper) {
        long due = ackNanos + DELAY.toNanos() - System.nanoTime();
        copier.schedule(
                () -> {
                    ResponseBytes<GetObjectResponse> body =
                            dc1.s3().getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
                    byte[] bytes = body.asByteArray();
                    if (tamper) {
                        bytes[0] ^= 1;
                    }
                    dc2.s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
                },
                Math.max(0, due),
                TimeUnit.NANOSECONDS);
    }

    private long writeAll(ReplicationWatch watch, String prefix, int objects, int dropFrom, int tamperFrom) {
        for (int i = 0; i < objects; i++) {
            String key = prefix + String.format("k-%05d", i);
            String etag = dc1.s3()
                    .putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("object " + key))
                    .eTag();
            long ack = System.nanoTime();
            watch.written("dc1", key, etag, ack);
            if (i < dropFrom) {
                copyLater(key, ack, i >= tamperFrom);
            }
        }
        return System.nanoTime();
    }

    // a started watch of dc1's objects under the prefix at dc2
    private static ReplicationWatch watching(String prefix) {
        ReplicationWatch watch = new ReplicationWatch(
                List.of(new ReplicationWatch.Direction("dc1", dc2, prefix)), ROUND, System::nanoTime);
        watch.start();
        return watch;
    }

    @Test
    void everyLagIsTheCopiersDelayAndTheDrainTimeMatchesIt() throws Exception {
        String prefix = "syncmeter-bench/watch-delay/dc1/";
        try (ReplicationWatch watch = watching(prefix)) {
            long loadEnd = writeAll(watch, prefix, OBJECTS, OBJECTS, OBJECTS);
            ReplicationWatch.DirectionResult r =
                    watch.drain(loadEnd, Duration.ofSeconds(60)).get(0);

            assertThat(r.writer()).isEqualTo("dc1");
            assertThat(r.target()).isEqualTo("dc2");
            assertThat(r.written()).isEqualTo(OBJECTS);
            assertThat(r.replicated()).isEqualTo(OBJECTS);
            assertThat(r.missing()).isZero();
            assertThat(r.drained()).isTrue();
            assertThat(r.lag().count()).isEqualTo(OBJECTS);
            double delay = DELAY.toNanos() / 1e9;
            // never early; late by a round, a listing and the copy itself (a busy machine: 1 s more)
            assertThat(r.lag().p50()).isBetween(delay, delay + 1.0);
            assertThat(r.lag().max()).isGreaterThanOrEqualTo(r.lag().p99()).isLessThan(delay + 3.0);
            // the last object was acknowledged just before the load's end: it arrives a delay later
            assertThat(r.drainSeconds()).isBetween(delay - 0.5, delay + 2.0);
            assertThat(r.maxBacklog()).isPositive().isLessThanOrEqualTo(OBJECTS);
            assertThat(r.backlog()).isNotEmpty();
            assertThat(r.backlog().get(r.backlog().size() - 1).pending()).isZero();
            // over time: every object in the interval it was written in, each interval's lag the delay
            assertThat(r.lagOverTime()).isNotEmpty();
            assertThat(r.lagOverTime().stream()
                            .mapToLong(ReplicationWatch.LagPoint::count)
                            .sum())
                    .isEqualTo(OBJECTS);
            assertThat(r.lagOverTime()).allSatisfy(p -> {
                assertThat(p.p50()).isBetween(delay, delay + 1.0);
                assertThat(p.max()).isLessThanOrEqualTo(r.lag().max() * 1.01);
            });
        }
    }

    @Test
    void anObjectNeverCopiedIsMissingAndATamperedCopyIsNotReplicated() throws Exception {
        String prefix = "syncmeter-bench/watch-missing/dc1/";
        try (ReplicationWatch watch = watching(prefix)) {
            // 20 objects: 0-14 copied intact, 15-17 tampered, 18-19 never copied
            long loadEnd = writeAll(watch, prefix, 20, 18, 15);
            ReplicationWatch.DirectionResult r =
                    watch.drain(loadEnd, DELAY.plusSeconds(3)).get(0);

            assertThat(r.written()).isEqualTo(20);
            assertThat(r.replicated()).isEqualTo(15);
            assertThat(r.missing()).isEqualTo(5);
            assertThat(r.drained()).isFalse();
            assertThat(r.drainSeconds()).isEqualTo(-1);
        }
    }

    @Test
    void anObjectTheLoadDeletedBeforeItWasSeenIsDeletedNotMissing() throws Exception {
        String prefix = "syncmeter-bench/watch-deleted/dc1/";
        try (ReplicationWatch watch = watching(prefix)) {
            // 20 objects: 0-14 copied, 15-19 deleted at the writer before any copy
            writeAll(watch, prefix, 20, 15, 20);
            for (int i = 15; i < 20; i++) {
                String key = prefix + String.format("k-%05d", i);
                dc1.s3().deleteObject(b -> b.bucket(BUCKET).key(key));
                watch.deleted("dc1", key);
            }
            // a writer the watch does not watch changes nothing
            watch.deleted("dc2", prefix + "k-00000");
            long loadEnd = System.nanoTime();
            ReplicationWatch.DirectionResult r =
                    watch.drain(loadEnd, Duration.ofSeconds(60)).get(0);

            assertThat(r.written()).isEqualTo(20);
            assertThat(r.replicated()).isEqualTo(15);
            assertThat(r.deleted()).isEqualTo(5);
            assertThat(r.missing()).isZero();
            assertThat(r.drained()).isTrue();
            assertThat(r.lag().count()).isEqualTo(15);
        }
    }

    @Test
    void aSweepFindsTheKneeOfACopierOfKnownCapacity() throws Exception {
        // the copier copies one object at a time and at most 25 a second: it keeps up with 8/s and
        // 16/s, and falls behind at 48/s and 96/s, where the backlog and with it the lag grow
        double capacity = 25;
        List<Double> rates = List.of(8.0, 16.0, 48.0, 96.0);
        Duration step = Duration.ofSeconds(3);
        String prefix = "syncmeter-bench/watch-sweep/dc1/";
        BlockingQueue<String> toCopy = new LinkedBlockingQueue<>();
        copier.submit(() -> {
            long next = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                String key = toCopy.take();
                // the copier's capacity: a copy starts no sooner than 1 / capacity after the last one
                LockSupport.parkNanos(next - System.nanoTime());
                next = System.nanoTime() + (long) (1e9 / capacity);
                byte[] bytes = dc1.s3()
                        .getObjectAsBytes(b -> b.bucket(BUCKET).key(key))
                        .asByteArray();
                dc2.s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
            }
            return null;
        });
        try (ReplicationWatch watch = watching(prefix)) {
            RateSchedule schedule = RateSchedule.steps(Duration.ZERO, rates, step);
            long start = System.nanoTime();
            watch.sweep(new ReplicationWatch.Steps(start, step.toNanos(), rates, 1.5));
            for (long n = 0; schedule.dueNanos(n) != RateSchedule.NEVER; n++) {
                LockSupport.parkNanos(start + schedule.dueNanos(n) - System.nanoTime());
                String key = prefix + String.format("k-%05d", n);
                String etag = dc1.s3()
                        .putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("object " + key))
                        .eTag();
                watch.written("dc1", key, etag, System.nanoTime());
                toCopy.add(key);
            }
            ReplicationWatch.DirectionResult r =
                    watch.drain(System.nanoTime(), Duration.ofSeconds(60)).get(0);

            assertThat(r.drained()).isTrue();
            SweepResult sweep = r.sweep();
            assertThat(sweep).isNotNull();
            assertThat(sweep.steps()).extracting(SweepResult.Step::rate).containsExactlyElementsOf(rates);
            assertThat(sweep.steps().stream()
                            .mapToLong(SweepResult.Step::written)
                            .sum())
                    .isEqualTo(r.written());
            assertThat(sweep.steps().get(0).keptUp())
                    .as(sweep.steps().get(0).reason())
                    .isTrue();
            assertThat(sweep.steps().get(1).keptUp())
                    .as(sweep.steps().get(1).reason())
                    .isTrue();
            assertThat(sweep.steps().get(2).keptUp()).isFalse();
            assertThat(sweep.steps().get(2).backlogAtEnd())
                    .isGreaterThan(sweep.steps().get(2).backlogAtStart());
            assertThat(sweep.kneeRate()).isEqualTo(16.0);
            assertThat(sweep.firstMissedRate()).isEqualTo(48.0);
            assertThat(sweep.kneeAtLeast()).isFalse();
        }
    }

    @Test
    void etagsCompareWithOrWithoutTheirQuotes() {
        assertThat(ReplicationWatch.strip("\"abc\"")).isEqualTo("abc");
        assertThat(ReplicationWatch.strip("abc")).isEqualTo("abc");
        assertThat(ReplicationWatch.strip(null)).isEmpty();
    }
}
