package io.syncmeter.site.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.bench.internal.LoadClient;
import io.syncmeter.testing.S3Server;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The factory's clients against a real S3 server (in-process S3Proxy), which checks every request's
 * signature: keys that need URL encoding, listing, multipart uploads and deletes, with the settings
 * the service uses (bodies signed whole, checksums only when required, path style).
 */
class S3ClientFactoryIT {

    private static final String BUCKET = "factory-it";
    private static S3Server server;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start("factory", BUCKET);
        s3 = S3ClientFactory.create(server.settings(S3Server.SECRET_KEY), new LoadClient(4));
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }

    // no "//" or dot segments: S3Proxy's HTTP server normalises those paths before it checks the
    // signature and refuses them with the SDK's own endpoint rules too
    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain/key",
                "with space/and+plus",
                "percent%20and%2Fslash",
                "unicode/ünïcødé-日本",
                "reserved/a=b&c;d,e:f@g$h!i'j(k)l*m~n",
                "directory/marker/"
            })
    void signsAndAddressesEveryOperation(String key) {
        String etag = s3.putObject(
                        b -> b.bucket(BUCKET).key(key).metadata(Map.of("m", "v")), RequestBody.fromString(key))
                .eTag();

        assertThat(s3.headObject(b -> b.bucket(BUCKET).key(key)).eTag()).isEqualTo(etag);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String())
                .isEqualTo(key);
        List<String> listed = s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(key)).contents().stream()
                .map(S3Object::key)
                .toList();
        assertThat(listed).contains(key);
        s3.deleteObject(b -> b.bucket(BUCKET).key(key));
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(key)).contents())
                .extracting(S3Object::key)
                .doesNotContain(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"multi/part", "multi part/ü"})
    void multipartUploadsComplete(String key) {
        String upload = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
        byte[] part = new byte[5 * 1024 * 1024];
        String p1 = s3.uploadPart(
                        b -> b.bucket(BUCKET).key(key).uploadId(upload).partNumber(1), RequestBody.fromBytes(part))
                .eTag();
        String p2 = s3.uploadPart(
                        b -> b.bucket(BUCKET).key(key).uploadId(upload).partNumber(2), RequestBody.fromString("tail"))
                .eTag();
        s3.completeMultipartUpload(b -> b.bucket(BUCKET)
                .key(key)
                .uploadId(upload)
                .multipartUpload(m -> m.parts(
                        p -> p.partNumber(1).eTag(p1), p -> p.partNumber(2).eTag(p2))));

        assertThat(s3.headObject(b -> b.bucket(BUCKET).key(key)).contentLength())
                .isEqualTo(part.length + 4L);
        assertThat(s3.listBuckets().buckets())
                .anySatisfy(b -> assertThat(b.name()).isEqualTo(BUCKET));
    }
}
