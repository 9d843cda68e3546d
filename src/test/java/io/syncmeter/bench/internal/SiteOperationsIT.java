package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncmeter.bench.WorkloadProfile;
import io.syncmeter.bench.WorkloadProfile.Keys;
import io.syncmeter.bench.WorkloadProfile.Load;
import io.syncmeter.bench.WorkloadProfile.Mix;
import io.syncmeter.bench.WorkloadProfile.Multipart;
import io.syncmeter.bench.WorkloadProfile.ObjectSize;
import io.syncmeter.bench.WorkloadProfile.Operation;
import io.syncmeter.bench.WorkloadProfile.Replication;
import io.syncmeter.bench.WorkloadProfile.Sites;
import io.syncmeter.bench.WorkloadProfile.Stop;
import io.syncmeter.site.Site;
import io.syncmeter.site.SitesConfig;
import io.syncmeter.testing.S3Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A site's benchmark operations against a real S3 server (in-process S3Proxy): what they report is
 * what the server holds, failures come back as their kinds, and the cleanup removes the run's prefix
 * and nothing else. Each test works under a run id of its own.
 */
class SiteOperationsIT {

    private static final String BUCKET = "bench-ops-it";
    private static final String SECRET = S3Server.SECRET_KEY;
    private static final Mix PUTS = new Mix(1, 0, 0, 0, 0, 0);
    private static final Mix GETS = new Mix(0, 1, 0, 0, 0, 0);

    private static S3Server server;
    private static Site site;

    @BeforeAll
    static void start() throws Exception {
        server = startServer();
        site = server.connect(8);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldListAsManyObjectsAsItPutToDistinctKeys() {
        SiteOperations ops = operations("puts", profile(PUTS, new ObjectSize.Uniform(1, 4096), 1_000_000, 0));

        List<OpResult> results = LongStream.range(0, 40).mapToObj(ops::next).toList();

        assertThat(results).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
        assertThat(ops.keysTaken()).isEqualTo(40);
        List<S3Object> listed = listed(ops);
        assertThat(listed).hasSize(40);
        assertThat(listed.stream().mapToLong(S3Object::size).sum())
                .isEqualTo(results.stream().mapToLong(OpResult::bytes).sum());
    }

    @Test
    void shouldWriteEveryKeyFromManyThreadsAndListThemAll() throws Exception {
        SiteOperations ops = operations("threads", profile(PUTS, new ObjectSize.Fixed(100), 64, 0));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<OpResult>> results = new ArrayList<>();
        try {
            for (long s = 0; s < 400; s++) {
                long sequence = s;
                results.add(pool.submit(() -> ops.next(sequence)));
            }
            for (Future<OpResult> f : results) {
                assertThat(f.get().succeeded()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(listed(ops)).hasSize((int) ops.keysTaken()).hasSizeLessThanOrEqualTo(64);
    }

    @Test
    void shouldPrefillAndGetTheBytesItPutWithATimeToFirstByte() throws Exception {
        SiteOperations ops = operations("gets", profile(GETS, new ObjectSize.Uniform(1, 200_000), 12, 12));

        SiteOperations.Prefill prefill = ops.prefill(4);

        Map<String, Long> sizes = listed(ops).stream().collect(Collectors.toMap(S3Object::key, S3Object::size));
        assertThat(prefill.objects()).isEqualTo(12);
        assertThat(prefill.errors()).isEmpty();
        assertThat(sizes).hasSize(12);
        assertThat(prefill.bytes())
                .isEqualTo(sizes.values().stream().mapToLong(Long::longValue).sum());
        for (long k = 0; k < 12; k++) {
            String key = ops.key(k);
            SiteOperations.Written w = ops.prefilled(k);
            byte[] stored =
                    site.s3().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
            assertThat(stored).as(key).isEqualTo(new ObjectBody(w.bodySeed(), w.size()).readAllBytes());
        }
        for (long s = 0; s < 30; s++) {
            OpResult r = ops.next(s);
            assertThat(r.operation()).isEqualTo(Operation.GET);
            assertThat(r.succeeded()).isTrue();
            assertThat(r.firstByteNanos()).isPositive();
            assertThat(sizes.values()).contains(r.bytes());
        }
    }

    @Test
    void shouldCompleteAMultipartPutOfTheDrawnSizeAndLeaveNoUpload() {
        long size = 2 * WorkloadProfile.MIN_PART_SIZE + 12_345;
        SiteOperations ops =
                operations("multipart", profile(new Mix(0, 0, 0, 0, 0, 1), new ObjectSize.Fixed(size), 10, 0));

        OpResult r = ops.next(0);

        assertThat(r).isEqualTo(OpResult.ok(Operation.MULTIPART_PUT, size));
        assertThat(listed(ops)).singleElement().extracting(S3Object::size).isEqualTo(size);
        assertThat(uploads(ops)).isEmpty();
    }

    @Test
    void shouldAbortAMultipartPutTheServerRefusesToComplete() {
        // parts below S3's minimum (which a loaded profile cannot ask for): the server refuses the
        // completion, after every part was taken
        WorkloadProfile profile = profile(new Mix(0, 0, 0, 0, 0, 1), new ObjectSize.Fixed(3000), 1024, 10, 0);
        SiteOperations ops = operations("refused-multipart", profile);

        assertThat(ops.next(0)).isEqualTo(OpResult.failed(Operation.MULTIPART_PUT, "http-400"));
        assertThat(uploads(ops)).isEmpty();
        assertThat(listed(ops)).isEmpty();
    }

    @Test
    void shouldCountAGetOfAMissingKeyAsNotFound() {
        SiteOperations ops = operations("missing", profile(GETS, new ObjectSize.Fixed(1), 10, 0));

        assertThat(ops.next(0)).isEqualTo(OpResult.failed(Operation.GET, ErrorKind.NOT_FOUND));
    }

    @Test
    void shouldCountReadsOfADeletedKeyAsNotFoundUntilItIsWrittenAgain() throws Exception {
        SiteOperations ops = operations("deleted", profile(new Mix(1, 2, 1, 0, 1, 0), new ObjectSize.Fixed(10), 1, 1));
        ops.prefill(1);
        java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
        ops.onDeleted(key -> told.incrementAndGet());
        int deletes = 0;
        boolean deleted = false;
        Map<String, Integer> reads = new TreeMap<>();

        // one key: after a DELETE every read misses it, after a PUT every read finds it
        for (long s = 0; s < 200; s++) {
            OpResult r = ops.next(s);
            switch (r.operation()) {
                case DELETE -> {
                    deleted = true;
                    deletes++;
                }
                case PUT -> deleted = false;
                default -> {
                    assertThat(r.error())
                            .as("%s at %d", r.operation(), s)
                            .isEqualTo(deleted ? ErrorKind.NOT_FOUND : null);
                    reads.merge(String.valueOf(r.error()), 1, Integer::sum);
                }
            }
        }
        assertThat(reads).containsOnlyKeys("null", ErrorKind.NOT_FOUND);
        assertThat(told).as("every DELETE told to the listener").hasValue(deletes);
        assertThat(deletes).isPositive();
    }

    @Test
    void shouldCountAServerRefusalByItsStatus() {
        try (var s3 = connect(server, "wrong-secret").s3()) {
            Site refused = new Site("dc1", site.endpoint(), BUCKET, s3);
            SiteOperations ops =
                    new SiteOperations(profile(PUTS, new ObjectSize.Fixed(10), 10, 0), refused, prefix("refused"), 1);

            assertThat(ops.next(0)).isEqualTo(OpResult.failed(Operation.PUT, "http-403"));
        }
    }

    @Test
    void shouldCountACallOverItsTimeoutAsATimeout() {
        // signing and sending 5 MiB takes longer than a millisecond, even on loopback
        SitesConfig.Client impatient = new Impatient(new LoadClient(8), Duration.ofMillis(1));
        try (var s3 = Site.connect(server.settings(SECRET), impatient).s3()) {
            Site hurried = new Site("dc1", site.endpoint(), BUCKET, s3);
            SiteOperations ops = new SiteOperations(
                    profile(PUTS, new ObjectSize.Fixed(5 << 20), 10, 0), hurried, prefix("timeout"), 1);

            assertThat(ops.next(0)).isEqualTo(OpResult.failed(Operation.PUT, ErrorKind.TIMEOUT));
        }
    }

    @Test
    void shouldCountAStoppedServerAsAConnectionError() throws Exception {
        S3Server stopped = startServer();
        Site gone = connect(stopped, SECRET);
        try {
            SiteOperations ops = new SiteOperations(
                    profile(new Mix(1, 1, 1, 1, 1, 0), new ObjectSize.Fixed(10), 10, 0), gone, prefix("stopped"), 1);
            stopped.close();

            assertThat(LongStream.range(0, 10).mapToObj(ops::next))
                    .allSatisfy(r -> assertThat(r.error()).isEqualTo(ErrorKind.CONNECTION));
        } finally {
            gone.s3().close();
            stopped.close();
        }
    }

    @Test
    void shouldCleanUpEverythingUnderThePrefixAndNothingElse() throws Exception {
        SiteOperations ops = operations("cleanup", profile(PUTS, new ObjectSize.Fixed(1), 2500, 2500));
        List<String> sentinels = List.of(
                "outside/object",
                RunPrefix.ROOT + "other-run/dc1/object",
                // shares the prefix's characters but for its last slash
                RunPrefix.ROOT + "cleanup/dc10/object",
                RunPrefix.ROOT + "cleanup/dc1");
        for (String key : sentinels) {
            site.s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("keep"));
        }
        assertThat(ops.prefill(8).objects()).isEqualTo(2500);
        // an upload the run left behind
        String left = ops.key(7_000);
        site.s3().createMultipartUpload(b -> b.bucket(BUCKET).key(left));

        SiteOperations.Cleanup cleanup = ops.cleanup();

        assertThat(cleanup).isEqualTo(new SiteOperations.Cleanup(2500, 1));
        assertThat(listed(ops)).isEmpty();
        assertThat(uploads(ops)).isEmpty();
        for (String key : sentinels) {
            assertThat(site.s3().headObject(b -> b.bucket(BUCKET).key(key)).contentLength())
                    .as(key)
                    .isEqualTo(4);
        }
        assertThat(ops.cleanup()).isEqualTo(new SiteOperations.Cleanup(0, 0));
    }

    @Test
    void shouldRefuseToBeBuiltOnAnUnsafePrefix() {
        assertThatThrownBy(() -> RunPrefix.of("..", "dc1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RunPrefix("")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The load generator's client settings with a shorter call timeout. */
    private record Impatient(LoadClient load, Duration apiCallTimeout) implements SitesConfig.Client {
        @Override
        public Duration connectTimeout() {
            return load.connectTimeout();
        }

        @Override
        public int maxRetries() {
            return load.maxRetries();
        }

        @Override
        public SitesConfig.HttpClientKind httpClient() {
            return load.httpClient();
        }

        @Override
        public int maxConnections() {
            return load.maxConnections();
        }

        @Override
        public boolean chunkedEncoding() {
            return load.chunkedEncoding();
        }
    }

    private static SiteOperations operations(String runId, WorkloadProfile profile) {
        return new SiteOperations(profile, site, prefix(runId), 20261202L);
    }

    private static RunPrefix prefix(String runId) {
        return RunPrefix.of(runId, "dc1");
    }

    private static List<S3Object> listed(SiteOperations ops) {
        return site
                .s3()
                .listObjectsV2Paginator(
                        b -> b.bucket(BUCKET).prefix(ops.prefix().value()))
                .contents()
                .stream()
                .toList();
    }

    private static List<String> uploads(SiteOperations ops) {
        return site
                .s3()
                .listMultipartUploads(b -> b.bucket(BUCKET).prefix(ops.prefix().value()))
                .uploads()
                .stream()
                .map(MultipartUpload::key)
                .toList();
    }

    private static WorkloadProfile profile(Mix mix, ObjectSize size, long keys, long prefill) {
        return profile(mix, size, WorkloadProfile.MIN_PART_SIZE, keys, prefill);
    }

    private static WorkloadProfile profile(Mix mix, ObjectSize size, long partSize, long keys, long prefill) {
        return new WorkloadProfile(
                "it",
                "a test workload",
                new Sites(List.of()),
                1,
                mix,
                size,
                new Multipart(partSize),
                new Keys(keys, prefill),
                new Load.ClosedLoop(4),
                new Stop.AfterOperations(100),
                Duration.ZERO,
                Optional.empty(),
                Replication.none(Duration.ofMinutes(1)));
    }

    private static S3Server startServer() throws Exception {
        return S3Server.start("dc1", BUCKET);
    }

    private static Site connect(S3Server server, String secret) {
        return Site.connect(server.settings(secret), new LoadClient(8));
    }
}
