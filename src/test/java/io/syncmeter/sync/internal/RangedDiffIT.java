package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.site.Site;
import io.syncmeter.testing.S3Server;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Ranges of a full sync against two real S3 servers: a range is listed from {@code start-after} over
 * more than one page up to its upper bound, an empty range lists nothing, and a comparison in parallel
 * ranges finds exactly the differences a sequential one finds, each once — with keys at the boundaries,
 * unicode and odd characters, and keys outside the prefix left out.
 */
class RangedDiffIT {

    private static final String PREFIX = "r/";
    private static final int NUMBERED = 2500;
    private static final List<String> ODD = List.of(
            "r/k-", "r/k-1", "r/k-2", "r/k-2!", "r/ключ", "r/über", "r/\uD83D\uDE00", "r/\uE000", "r/a+b c%2F&?");

    private static S3Server dc1;
    private static S3Server dc2;
    private static Site source;
    private static Site target;
    private static ExecutorService pool;
    // what the target lacks, holds otherwise, or holds alone
    private static final Map<String, BucketDiff.Kind> EXPECTED = new ConcurrentHashMap<>();

    @BeforeAll
    static void fill() throws Exception {
        dc1 = S3Server.start("dc1", "ranged-diff");
        dc2 = S3Server.start("dc2", "ranged-diff");
        source = dc1.connect(16);
        target = dc2.connect(16);
        pool = Executors.newFixedThreadPool(8, DaemonThreads.named("test-ranges"));
        List<String> keys = new ArrayList<>(ODD);
        for (int i = 0; i < NUMBERED; i++) {
            keys.add(String.format("r/k-%04d", i));
        }
        List<Future<?>> puts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            int n = i;
            puts.add(pool.submit(() -> {
                put(source, key, "v1");
                if (n % 7 == 0) {
                    EXPECTED.put(key, BucketDiff.Kind.MISSING);
                } else {
                    put(target, key, n % 11 == 0 ? "v0" : "v1");
                    if (n % 11 == 0) {
                        EXPECTED.put(key, BucketDiff.Kind.DIFFERS);
                    }
                }
                if (n % 13 == 0) {
                    put(target, key + "~extra", "x");
                    EXPECTED.put(key + "~extra", BucketDiff.Kind.EXTRA);
                }
            }));
        }
        for (Future<?> f : puts) {
            f.get();
        }
        // outside the prefix: never listed
        put(source, "s/outside", "x");
        put(target, "q/outside", "x");
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        dc1.close();
        dc2.close();
    }

    @Test
    void shouldListARangeOverSeveralPagesUpToItsUpperBound() {
        KeyRange range = new KeyRange(Optional.of("r/k-0500"), Optional.of("r/k-2100"));
        List<String> listed = new ArrayList<>();
        new SiteListing(source, PREFIX).entries(range).forEachRemaining(e -> listed.add(e.key()));

        List<String> expected = new ArrayList<>(List.of("r/k-1", "r/k-2", "r/k-2!"));
        for (int i = 501; i <= 2100; i++) {
            expected.add(String.format("r/k-%04d", i));
        }
        expected.sort(KeyRange.S3_ORDER);
        assertThat(listed).as("1,603 keys, two pages").containsExactlyElementsOf(expected);
        assertThat(new SiteListing(source, PREFIX).entries(new KeyRange(Optional.of("r/k-3"), Optional.of("r/k-9"))))
                .as("an empty range")
                .isExhausted();
    }

    @Test
    void shouldFindEveryDifferenceExactlyOnceInParallelRanges() {
        for (int parallelism : new int[] {1, 3}) {
            List<BucketDiff.Difference> found = Collections.synchronizedList(new ArrayList<>());
            RangedDiff.Result result = new RangedDiff(parallelism, pool)
                    .compare(new SiteListing(source, PREFIX), new SiteListing(target, PREFIX), found::add);

            Map<String, BucketDiff.Kind> byKey = new HashMap<>();
            found.forEach(d -> assertThat(byKey.put(d.key(), d.kind()))
                    .as("%s found once (parallelism %d)", d.key(), parallelism)
                    .isNull());
            // q/outside and s/outside would be differences if they were listed
            assertThat(byKey).as("parallelism %d", parallelism).isEqualTo(EXPECTED);
            int keys = NUMBERED + ODD.size();
            assertThat(result.counts().source()).isEqualTo(keys);
            if (parallelism == 1) {
                assertThat(result.ranges()).isEqualTo(1);
            } else {
                assertThat(result.ranges()).as("split").isBetween(2, 2 * 4 * parallelism);
            }
        }
    }

    private static void put(Site site, String key, String body) {
        site.s3()
                .putObject(b -> b.bucket(site.bucket()).key(key), RequestBody.fromString(body, StandardCharsets.UTF_8));
    }
}
