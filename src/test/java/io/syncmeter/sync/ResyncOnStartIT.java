package io.syncmeter.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncmeter.testing.EngineWorker;
import io.syncmeter.testing.TcpRelay;
import io.syncmeter.testing.TwoSites;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Bootstrap, like RGW's full sync before its incremental one: buckets filled before any engine ran,
 * with no notification of those writes on the change topic, converge once a worker (its own JVM)
 * starts — without a request. What the target already holds, and a write made at the target itself,
 * are kept as they are.
 */
class ResyncOnStartIT {

    // more than one listing page (1,000 keys)
    private static final int OBJECTS = 1200;

    private final TwoSites sites = new TwoSites();
    private EngineWorker worker;
    private TcpRelay relay;

    @AfterEach
    void stop() throws Exception {
        try {
            if (worker != null) {
                worker.close();
            }
            if (relay != null) {
                relay.close();
            }
        } finally {
            sites.stop();
        }
    }

    @Test
    void shouldCopyAPrefilledBucketAfterStartingWithoutARequest(@TempDir Path dir) throws Exception {
        Map<String, String> config = sitesWithPrefilledDc1(OBJECTS);
        TwoSites.Infra infra = sites.infra();
        S3Client dc1 = infra.s3("dc1");
        S3Client dc2 = infra.s3("dc2");
        // already there (written at both sites alike), and a write of the target's own
        dc2.putObject(b -> b.bucket(TwoSites.BUCKET).key("pre/k-00000"), RequestBody.fromString("v1 of pre/k-00000"));
        dc2.putObject(b -> b.bucket(TwoSites.BUCKET).key("own/at-dc2"), RequestBody.fromString("dc2's own"));

        worker = EngineWorker.start("worker", dir, config).awaitStarted();

        await("every pre-filled object at dc2 with dc1's ETag")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> etags(dc2, "pre/").equals(etags(dc1, "pre/")));
        assertThat(etags(dc2, "own/")).containsOnlyKeys("own/at-dc2");
        await("the run is reported done")
                .atMost(Duration.ofSeconds(30))
                .until(() -> worker.metric("syncmeter_sync_resync_last_success_timestamp_seconds", Map.of()) > 0);
        // one difference per object dc2 lacked (the one already there is no difference), one copy each
        assertThat(worker.metric(
                        "syncmeter_sync_resync_differences_total",
                        Map.of("source_site", "dc1", "target_site", "dc2", "kind", "missing")))
                .isEqualTo(OBJECTS - 1);
        assertThat(worker.metric(
                        "syncmeter_sync_objects_total",
                        Map.of("source_site", "dc1", "target_site", "dc2", "outcome", "copied")))
                .isEqualTo(OBJECTS - 1);
    }

    /**
     * A start-up run that fails (the target unreachable) is retried 30 s later, not at the next
     * interval (6 h): once the target is back, the pre-filled objects arrive without a request.
     */
    @Test
    void shouldRetryAStartUpRunThatFailedWhileTheTargetWasUnreachable(@TempDir Path dir) throws Exception {
        Map<String, String> config = sitesWithPrefilledDc1(20);
        TwoSites.Infra infra = sites.infra();
        S3Client dc1 = infra.s3("dc1");
        S3Client dc2 = infra.s3("dc2");
        relay = TcpRelay.start(infra.endpoints().get("dc2"));
        relay.cut();
        config.put("syncmeter.sites.dc2.endpoint", relay.endpoint().toString());
        worker = EngineWorker.start("worker", dir, config).awaitStarted();

        await("the start-up run failed, with its retry announced")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> worker.output().contains("retrying in 30 s (failure 1 in a row)"));
        assertThat(worker.output()).contains("(start)");
        assertThat(etags(dc2, "pre/")).isEmpty();
        assertThat(worker.metric("syncmeter_sync_resync_last_success_timestamp_seconds", Map.of()))
                .isZero();

        relay.restore();
        await("every pre-filled object at dc2, by the retry")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> etags(dc2, "pre/").equals(etags(dc1, "pre/")));
        await("the retry is reported done")
                .atMost(Duration.ofSeconds(30))
                .until(() -> worker.metric("syncmeter_sync_resync_last_success_timestamp_seconds", Map.of()) > 0);
        assertThat(worker.output()).contains("(retry)");
    }

    // both sites without notifications, `objects` keys under pre/ at dc1 only; the config of a worker
    // syncing dc1->dc2 with a full sync at start
    private Map<String, String> sitesWithPrefilledDc1(int objects) {
        sites.init(Map.of("notifications", "false"));
        Map<String, String> config = new HashMap<>(sites.start());
        config.put("syncmeter.sync.directions", "dc1->dc2");
        config.put("syncmeter.sync.resync.on-start", "true");
        S3Client dc1 = sites.infra().s3("dc1");
        for (int i = 0; i < objects; i++) {
            String key = String.format("pre/k-%05d", i);
            dc1.putObject(b -> b.bucket(TwoSites.BUCKET).key(key), RequestBody.fromString("v1 of " + key));
        }
        return config;
    }

    private static Map<String, String> etags(S3Client s3, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(TwoSites.BUCKET).prefix(prefix)).contents().stream()
                .collect(Collectors.toMap(S3Object::key, S3Object::eTag));
    }
}
