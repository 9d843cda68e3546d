package io.syncmeter.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncmeter.testing.EngineWorker;
import io.syncmeter.testing.TwoSites;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two sync engine workers in their own JVMs, one consumer group, against a real broker and two real
 * S3 sites that publish their changes: the group splits the shards between them; a worker frozen
 * (SIGSTOP) while it copies loses its shards and, resumed (SIGCONT), writes nothing older over what
 * the other worker synced meanwhile; a worker killed with SIGKILL hands its shards on within 10 s,
 * with nothing lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncWorkersIT {

    private static final Logger LOG = Logger.getLogger(SyncWorkersIT.class);
    private static final int SHARDS = 4;
    private static final Map<String, String> DC1_DC2 = Map.of("source_site", "dc1", "target_site", "dc2");

    private final TwoSites sites = new TwoSites();
    private TwoSites.Infra infra;
    private EngineWorker a;
    private EngineWorker b;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        sites.init(Map.of("notifications", "true"));
        Map<String, String> config = new HashMap<>(sites.start());
        // one way: a stale copy at dc2 is not repaired by a sync back from dc2, it would stay at rest
        config.put("syncmeter.sync.directions", "dc1->dc2");
        infra = sites.infra();
        a = EngineWorker.start("worker-a", dir, config, "-Dquarkus.log.category.\"io.syncmeter.sync\".level=DEBUG");
        b = EngineWorker.start("worker-b", dir, config, "-Dquarkus.log.category.\"io.syncmeter.sync\".level=DEBUG");
        a.awaitStarted();
        b.awaitStarted();
        await("the group splits the shards between the two workers")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> shards(a) > 0 && shards(b) > 0 && shards(a) + shards(b) == SHARDS);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        } finally {
            sites.stop();
        }
    }

    @Test
    @Order(1)
    void shouldWriteNothingOlderAfterAFrozenWorkerResumes() throws Exception {
        S3Client dc1 = infra.s3("dc1");
        List<String> keys = new ArrayList<>();
        // enough that each worker copies for several seconds: the freeze finds copies in flight
        for (int i = 0; i < 2000; i++) {
            keys.add(String.format("frozen/k-%04d", i));
        }
        double copiedByA = a.metric("syncmeter_sync_objects_total", with(DC1_DC2, "outcome", "copied"));
        putAll(dc1, keys, 1);
        await("worker a copies")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> a.metric("syncmeter_sync_objects_total", with(DC1_DC2, "outcome", "copied"))
                        >= copiedByA + 150);
        double movesBefore = a.metric("syncmeter_sync_shard_moves_total", DC1_DC2);
        a.freeze();
        Instant frozenAt = Instant.now();
        await("worker b takes every shard")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> shards(b) == SHARDS);
        LOG.infof(
                "worker b owned every shard %d ms after worker a froze",
                Duration.between(frozenAt, Instant.now()).toMillis());

        // newer versions of every key, synced by b while a stands still with copies of the older ones in flight
        putAll(dc1, keys, 2);
        Map<String, String> newest = etags(dc1, "frozen/");
        assertThat(newest).hasSize(keys.size());
        await("worker b syncs the newer versions")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> etags(infra.s3("dc2"), "frozen/").equals(newest));

        a.resume();
        // from the moment it resumes: nothing older replaces a newer version, then or later
        LOG.infof("worker a froze at %s, resumed at %s", frozenAt, Instant.now());
        await("every key at dc2 keeps its newest version while worker a resumes")
                .during(Duration.ofSeconds(10))
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    Map<String, String> now = etags(infra.s3("dc2"), "frozen/");
                    List<String> stale = newest.keySet().stream()
                            .filter(k -> !newest.get(k).equals(now.get(k)))
                            .sorted()
                            .toList();
                    assertThat(stale)
                            .as("keys not at their newest version at dc2; %s", about(stale))
                            .isEmpty();
                });
        // its copies in flight at the freeze ended refused (fenced) or failed (the SDK's call timeout ran out
        // while it stood still); a failed PUT may still have landed late, so its key went back to the
        // shard's owner (a recheck): none of them left an older version (checked above)
        double fenced = a.metric("syncmeter_sync_fenced_writes_total", DC1_DC2);
        double failed = a.metric("syncmeter_sync_objects_total", with(DC1_DC2, "outcome", "failed"));
        assertThat(fenced + failed)
                .as("worker a's copies in flight at the freeze")
                .isGreaterThanOrEqualTo(1);
        await("worker a learns it lost its shards and rejoins")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(a.metric("syncmeter_sync_shard_moves_total", DC1_DC2) > movesBefore
                                && shards(a) > 0
                                && shards(a) + shards(b) == SHARDS)
                        .as("shards a %s, b %s; a's shard log:%n%s", shards(a), shards(b), shardLog(a))
                        .isTrue());
        assertThat(etags(infra.s3("dc2"), "frozen/")).isEqualTo(newest);
        LOG.infof(
                "worker a: %.0f writes fenced, %.0f syncs failed, %.0f retried, %.0f rechecked by the owner,"
                        + " %.0f shard moves",
                a.metric("syncmeter_sync_fenced_writes_total", DC1_DC2),
                a.metric("syncmeter_sync_objects_total", with(DC1_DC2, "outcome", "failed")),
                a.metric("syncmeter_sync_retries_total", DC1_DC2),
                a.metric("syncmeter_sync_rechecks_total", DC1_DC2),
                a.metric("syncmeter_sync_shard_moves_total", DC1_DC2));
    }

    @Test
    @Order(2)
    void shouldHandAKilledWorkersShardsOnWithinTenSecondsLosingNothing() throws Exception {
        S3Client dc1 = infra.s3("dc1");
        S3Client dc2 = infra.s3("dc2");
        Map<String, Instant> written = new ConcurrentHashMap<>();
        Map<String, Instant> seen = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        Random random = new Random(2);
        ScheduledExecutorService threads = Executors.newScheduledThreadPool(2);
        try {
            // 20 objects a second at dc1, and dc2 listed every 100 ms to see when each arrives
            ScheduledFuture<?> writer = threads.scheduleAtFixedRate(
                    () -> {
                        String key = String.format("failover/k-%05d", next.getAndIncrement());
                        byte[] body = new byte[4096];
                        random.nextBytes(body);
                        dc1.putObject(b -> b.bucket(TwoSites.BUCKET).key(key), RequestBody.fromBytes(body));
                        written.put(key, Instant.now());
                    },
                    0,
                    50,
                    TimeUnit.MILLISECONDS);
            ScheduledFuture<?> watcher = threads.scheduleWithFixedDelay(
                    () -> {
                        Instant now = Instant.now();
                        for (String key : etags(dc2, "failover/").keySet()) {
                            seen.putIfAbsent(key, now);
                        }
                    },
                    0,
                    100,
                    TimeUnit.MILLISECONDS);
            await("both workers sync the steady writes")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> seen.size() >= 40);
            a.kill();
            Instant killedAt = Instant.now();
            await("worker b takes every shard")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> shards(b) == SHARDS);
            Duration owned = Duration.between(killedAt, Instant.now());
            await("ten more seconds of writes")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> Duration.between(killedAt, Instant.now()).compareTo(Duration.ofSeconds(10)) > 0);
            writer.cancel(false);
            assertThat(writer.isDone()).isTrue();
            Map<String, String> source = etags(dc1, "failover/");
            await("every object written reaches dc2 intact")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> etags(dc2, "failover/").equals(source));
            watcher.cancel(false);

            // the longest wait of any object written from 1 s before the kill: the time its shard had no owner
            Instant from = killedAt.minusSeconds(1);
            Duration worst = Duration.ZERO;
            String worstKey = null;
            for (Map.Entry<String, Instant> w : written.entrySet()) {
                Instant s = seen.get(w.getKey());
                if (w.getValue().isAfter(from) && s != null) {
                    Duration lag = Duration.between(w.getValue(), s);
                    if (lag.compareTo(worst) > 0) {
                        worst = lag;
                        worstKey = w.getKey();
                    }
                }
            }
            LOG.infof(
                    "failover after SIGKILL: every shard owned by worker b after %d ms; longest replication of an"
                            + " object written around the kill %d ms (%s); %d objects written, 0 lost",
                    owned.toMillis(), worst.toMillis(), worstKey, source.size());
            assertThat(owned).as("shards owned again after the kill").isLessThan(Duration.ofSeconds(10));
            assertThat(worst).as("syncing again after the kill (%s)", worstKey).isLessThan(Duration.ofSeconds(10));
            assertThat(source).hasSizeGreaterThan(200);
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    // what the workers logged about the first of these keys
    private String about(List<String> keys) {
        if (keys.isEmpty()) {
            return "none";
        }
        String key = keys.get(0);
        StringBuilder out = new StringBuilder(keys.size() + " keys, first " + key + System.lineSeparator());
        for (EngineWorker w : List.of(a, b)) {
            w.output()
                    .lines()
                    .filter(l -> l.contains(key) || l.contains("Sync shards"))
                    .forEach(l -> out.append(w.name()).append(": ").append(l).append(System.lineSeparator()));
        }
        return out.toString();
    }

    private static String shardLog(EngineWorker worker) {
        return worker.output()
                .lines()
                .filter(l -> l.contains("Sync shards") || l.contains("ERROR") || l.contains("SRMSG"))
                .reduce("", (x, y) -> x + y + System.lineSeparator());
    }

    private static double shards(EngineWorker worker) {
        return worker.metric("syncmeter_sync_active_shards", DC1_DC2);
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(name, value);
        return all;
    }

    // version v of each key: distinct bodies, so distinct ETags
    private static void putAll(S3Client s3, List<String> keys, int version) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (String key : keys) {
                puts.add(pool.submit(() -> {
                    byte[] body = new byte[4096];
                    new Random((key + version).hashCode()).nextBytes(body);
                    s3.putObject(b -> b.bucket(TwoSites.BUCKET).key(key), RequestBody.fromBytes(body));
                }));
            }
            for (Future<?> put : puts) {
                put.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, String> etags(S3Client s3, String prefix) {
        Map<String, String> etags = new HashMap<>();
        s3.listObjectsV2Paginator(b -> b.bucket(TwoSites.BUCKET).prefix(prefix))
                .contents()
                .forEach((S3Object o) -> etags.put(o.key(), o.eTag()));
        return etags;
    }
}
