package io.syncmeter.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.bench.internal.LoadClient;
import io.syncmeter.site.Site;
import io.syncmeter.site.SiteSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

class InProcessS3SiteTest {

    @TempDir
    Path data;

    private InProcessS3Site site;
    private Site client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.s3().close();
        }
        if (site != null) {
            site.close();
        }
    }

    @Test
    void shouldServeWithoutJettysHeaderCache() throws Exception {
        site = InProcessS3Site.start(
                "dc1", 0, Optional.empty(), "bkt", "access", "secret", null, Duration.ofSeconds(30));

        assertThat(site.headerCacheSize()).isZero();
    }

    @Test
    void shouldListAPrefixFromAMarkerInPagesOverS3() throws Exception {
        site = InProcessS3Site.start(
                "dc1", 0, Optional.of(data), "bkt", "access", "secret", null, Duration.ofSeconds(30));
        client = Site.connect(
                new SiteSettings(
                        "dc1",
                        Optional.of(site.endpoint()),
                        "eu-west-1",
                        "bkt",
                        true,
                        false,
                        Optional.of(new SiteSettings.Credentials("access", "secret"))),
                new LoadClient(2));
        for (String key : List.of("p/a/1", "p/a/2", "p/a/3", "p/a/4", "p/b/1", "q/1")) {
            client.s3().putObject(b -> b.bucket("bkt").key(key), RequestBody.fromString(key));
        }
        client.s3().deleteObject(b -> b.bucket("bkt").key("p/a/2"));

        ListObjectsV2Response first = client.s3()
                .listObjectsV2(
                        b -> b.bucket("bkt").prefix("p/a/").startAfter("p/a/").maxKeys(2));
        assertThat(first.contents()).extracting(S3Object::key).containsExactly("p/a/1", "p/a/3");
        assertThat(first.contents()).extracting(S3Object::size).containsExactly(5L, 5L);
        assertThat(first.isTruncated()).isTrue();

        ListObjectsV2Response second = client.s3()
                .listObjectsV2(b ->
                        b.bucket("bkt").prefix("p/a/").maxKeys(2).continuationToken(first.nextContinuationToken()));
        assertThat(second.contents()).extracting(S3Object::key).containsExactly("p/a/4");
        assertThat(second.isTruncated()).isFalse();

        assertThat(client.s3()
                        .listObjectsV2(b -> b.bucket("bkt").prefix("p/").delimiter("/"))
                        .commonPrefixes())
                .extracting(p -> p.prefix())
                .containsExactly("p/a/", "p/b/");
    }
}
