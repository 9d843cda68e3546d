package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.embedded.internal.InProcessS3Site;
import io.syncmeter.site.Site;
import io.syncmeter.testing.TwoSites;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The copier's fence against two real S3 sites: a refused write writes nothing (a multipart upload is
 * aborted, no parts left), and a write that lands after the fence stopped holding — over a newer copy
 * that the shard's new owner made meanwhile — is flagged, so the engine hands the key to the owner,
 * whose sync from the source's current state brings the newer version back.
 */
class ObjectCopierFenceIT {

    private static InProcessS3Site dc1;
    private static InProcessS3Site dc2;
    private static Site source;
    private static Site target;
    private final ObjectCopier copier = new ObjectCopier();

    @BeforeAll
    static void start() throws Exception {
        dc1 = site("dc1");
        dc2 = site("dc2");
        source = new Site("dc1", Optional.of(dc1.endpoint()), TwoSites.BUCKET, TwoSites.client(dc1.endpoint()));
        target = new Site("dc2", Optional.of(dc2.endpoint()), TwoSites.BUCKET, TwoSites.client(dc2.endpoint()));
    }

    private static InProcessS3Site site(String name) throws Exception {
        return InProcessS3Site.start(
                name,
                0,
                Optional.empty(),
                TwoSites.BUCKET,
                TwoSites.ACCESS_KEY,
                TwoSites.SECRET_KEY,
                null,
                Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (source != null) {
            source.s3().close();
            target.s3().close();
        }
        if (dc1 != null) {
            dc1.close();
        }
        if (dc2 != null) {
            dc2.close();
        }
    }

    /** Refuses every write. */
    private static final Fence REFUSE = new Fence() {
        @Override
        public void check() {
            throw new Fenced("test: the shard moved");
        }

        @Override
        public boolean held() {
            return false;
        }
    };

    private ObjectCopier.Result sync(String key, Fence fence) {
        return sync(key, null, fence);
    }

    // hint: the notification's ETag hint, as a site's change notification carries it
    private ObjectCopier.Result sync(String key, String hint, Fence fence) {
        return copier.sync(
                source,
                target,
                new ObjectChange("dc1", TwoSites.BUCKET, key, ObjectChange.Kind.CREATED, hint, null),
                site -> false,
                false,
                (site, etag) -> {},
                fence);
    }

    @Test
    void shouldWriteNothingWhenTheFenceRefuses() {
        put(source.s3(), "fenced/small", "v1".getBytes(StandardCharsets.UTF_8));
        ObjectCopier.Result result = sync("fenced/small", REFUSE);
        assertThat(result.outcome()).isEqualTo(ObjectCopier.Outcome.FENCED);
        assertThat(result.bytes()).isZero();
        assertThat(exists(target.s3(), "fenced/small")).isFalse();
    }

    @Test
    void shouldAbortAMultipartCopyWhenTheFenceRefusesItsCompletion() {
        byte[] large = new byte[ObjectCopier.PART_BYTES + 1024];
        new Random(1).nextBytes(large);
        put(source.s3(), "fenced/large", large);
        ObjectCopier.Result result = sync("fenced/large", REFUSE);
        assertThat(result.outcome()).isEqualTo(ObjectCopier.Outcome.FENCED);
        assertThat(exists(target.s3(), "fenced/large")).isFalse();
        assertThat(target.s3()
                        .listMultipartUploads(b -> b.bucket(TwoSites.BUCKET))
                        .uploads())
                .as("no parts left behind")
                .isEmpty();
    }

    @Test
    void shouldFlagAWriteThatLandedAfterTheShardMovedAndConvergeWhenTheOwnerSyncsItAgain() {
        String key = "fenced/raced";
        String v1 = put(source.s3(), key, "v1".getBytes(StandardCharsets.UTF_8));
        AtomicInteger checks = new AtomicInteger();
        // the shard moves between the check and the PUT: its new owner syncs a newer version first,
        // then this worker's PUT of the older one (already read) lands
        Fence racing = new Fence() {
            @Override
            public void check() {
                if (checks.getAndIncrement() == 0) {
                    byte[] v2 = "v2".getBytes(StandardCharsets.UTF_8);
                    put(source.s3(), key, v2);
                    put(target.s3(), key, v2);
                }
            }

            @Override
            public boolean held() {
                return false;
            }
        };
        ObjectCopier.Result result = sync(key, v1, racing);
        assertThat(result.outcome()).isEqualTo(ObjectCopier.Outcome.COPIED);
        assertThat(result.moved())
                .as("the write may have landed over a newer version")
                .isTrue();
        assertThat(result.requests())
                .as("no repair here: this worker may no longer own the key")
                .isEqualTo(3);
        assertThat(read(target.s3(), key)).as("the stale write landed").isEqualTo("v1");

        // what the shard's owner does with the key handed to it: a sync from the source's state, without
        // the ETag of v1 (which the target now holds)
        ObjectCopier.Result again = sync(key, null, Fence.NONE);
        assertThat(again.outcome()).isEqualTo(ObjectCopier.Outcome.COPIED);
        assertThat(again.moved()).isFalse();
        assertThat(read(target.s3(), key)).as("the newer version is at rest").isEqualTo("v2");
    }

    @Test
    void shouldNotFlagARefusedWrite() {
        put(source.s3(), "fenced/refused", "v1".getBytes(StandardCharsets.UTF_8));
        ObjectCopier.Result result = sync("fenced/refused", REFUSE);
        assertThat(result.outcome()).isEqualTo(ObjectCopier.Outcome.FENCED);
        assertThat(result.moved()).as("nothing was let through").isFalse();
    }

    @Test
    void shouldNotFlagAWriteWhileTheFenceHolds() {
        String key = "fenced/held";
        put(source.s3(), key, "v1".getBytes(StandardCharsets.UTF_8));
        ObjectCopier.Result result = sync(key, Fence.NONE);
        assertThat(result.outcome()).isEqualTo(ObjectCopier.Outcome.COPIED);
        assertThat(result.requests()).isEqualTo(3);
        assertThat(result.moved()).isFalse();
        assertThat(read(target.s3(), key)).isEqualTo("v1");
    }

    private static String put(S3Client s3, String key, byte[] body) {
        return s3.putObject(b -> b.bucket(TwoSites.BUCKET).key(key), RequestBody.fromBytes(body))
                .eTag();
    }

    private static boolean exists(S3Client s3, String key) {
        return s3.listObjectsV2(b -> b.bucket(TwoSites.BUCKET).prefix(key)).contents().stream()
                .anyMatch(o -> o.key().equals(key));
    }

    private static String read(S3Client s3, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(TwoSites.BUCKET).key(key)).asUtf8String();
    }
}
