package io.syncmeter.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncmeter.site.Site;
import io.syncmeter.testing.S3Server;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Conditional PUTs against a real in-process site (S3Proxy with the conditions honoured), over S3. */
class WriteConditionsIT {

    private static final String BUCKET = "conditions";

    private static S3Server server;
    private static Site site;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.startHonouringConditions("dc1", BUCKET);
        site = server.connect(16);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldCreateOnlyWhereTheKeyIsMissing() {
        String etag = put("create-only", "one", b -> b.ifNoneMatch("*"));

        assertThat(status(() -> put("create-only", "two", b -> b.ifNoneMatch("*"))))
                .isEqualTo(412);
        assertThat(body("create-only")).isEqualTo("one");
        assertThat(etag).isNotBlank();
    }

    @Test
    void shouldReplaceOnlyTheVersionTheWriterNames() {
        String first = put("if-match", "one", b -> {});

        assertThat(status(() -> put("if-match", "two", b -> b.ifMatch("\"00000000000000000000000000000000\""))))
                .isEqualTo(412);
        assertThat(status(() -> put("if-match-missing", "two", b -> b.ifMatch(first))))
                .isEqualTo(412);
        String second = put("if-match", "two", b -> b.ifMatch(first));
        assertThat(body("if-match")).isEqualTo("two");
        assertThat(status(() -> put("if-match", "three", b -> b.ifMatch(first))))
                .as("the first version is gone")
                .isEqualTo(412);
        put("if-match", "three", b -> b.ifMatch(second));
        assertThat(body("if-match")).isEqualTo("three");
    }

    @Test
    void shouldLetPlainWritesAndDeletesThroughAsBefore() {
        put("plain", "one", b -> {});
        put("plain", "two", b -> {});
        assertThat(body("plain")).isEqualTo("two");
        site.s3().deleteObject(b -> b.bucket(BUCKET).key("plain"));
        put("plain", "three", b -> b.ifNoneMatch("*"));
        assertThat(body("plain")).isEqualTo("three");
    }

    @Test
    void shouldLetExactlyOneOfManyRacingCreatesThrough() throws Exception {
        int writers = 12;
        for (int round = 0; round < 5; round++) {
            String key = "race-" + round;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    String body = "writer-" + w;
                    results.add(pool.submit(() -> {
                        go.await();
                        return status(() -> put(key, body, b -> b.ifNoneMatch("*")));
                    }));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : results) {
                    statuses.add(f.get());
                }
                assertThat(statuses).as("round %d", round).containsOnly(200, 412);
                assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
                assertThat(body(key)).startsWith("writer-");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void shouldTakePartUploadsWithoutConditions() {
        var created = site.s3().createMultipartUpload(b -> b.bucket(BUCKET).key("multi"));
        var part = site.s3()
                .uploadPart(
                        b -> b.bucket(BUCKET)
                                .key("multi")
                                .uploadId(created.uploadId())
                                .partNumber(1),
                        RequestBody.fromString("part"));
        site.s3()
                .completeMultipartUpload(b -> b.bucket(BUCKET)
                        .key("multi")
                        .uploadId(created.uploadId())
                        .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(part.eTag()))));
        assertThat(body("multi")).isEqualTo("part");
        assertThatThrownBy(() -> put("multi", "again", b -> b.ifNoneMatch("*"))).isInstanceOf(S3Exception.class);
    }

    private static String put(String key, String body, Consumer<PutObjectRequest.Builder> condition) {
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(BUCKET).key(key);
        condition.accept(b);
        return site.s3().putObject(b.build(), RequestBody.fromString(body)).eTag();
    }

    private static String body(String key) {
        return site.s3().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
    }

    // the HTTP status of a request: 200 when it went through
    private static int status(Runnable request) {
        try {
            request.run();
            return 200;
        } catch (S3Exception e) {
            return e.statusCode();
        }
    }
}
