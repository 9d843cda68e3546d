package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncmeter.site.Site;
import io.syncmeter.sync.internal.ConditionalWrites.Form;
import io.syncmeter.testing.S3Server;
import io.syncmeter.testing.TwoSites;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The conditional-write check against a real S3 server that does not honour the headers (S3Proxy, the
 * plain S3Proxy): found out, said why, and its object deleted; against the embedded sites, which honour
 * them as AWS S3 does (quoted {@code If-Match}). The check against Ceph RGW is in {@code RgwWebhookIT}.
 */
class ConditionalWritesIT {

    private static S3Server server;
    private static Site site;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start("dc1", TwoSites.BUCKET);
        site = server.connect(4);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldFindThatS3ProxyDoesNotHonourConditionalWritesAndLeaveNothingBehind() {
        ConditionalWrites.Finding f = ConditionalWrites.check(site);
        assertThat(f.form()).isEqualTo(Form.NONE);
        assertThat(f.reason()).contains("If-None-Match");
        assertThat(checkObjects()).as("the check's object is deleted").isEmpty();
    }

    @Test
    void shouldCheckInTheBackgroundAndKeepNoneForASiteThatDoesNotHonourThem() {
        try (ConditionalWrites writes = new ConditionalWrites()) {
            writes.start(List.of(site));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> writes.answered() == 1 && checkObjects().isEmpty());
            assertThat(writes.form("dc1")).isEqualTo(Form.NONE);
        }
    }

    @Test
    void shouldFindThatTheEmbeddedSitesHonourConditionalWritesWithTheQuotedEtag() throws Exception {
        try (S3Server honouring = S3Server.startHonouringConditions("dc2", TwoSites.BUCKET)) {
            Site other = honouring.connect(2);
            ConditionalWrites.Finding f = ConditionalWrites.check(other);
            assertThat(f.form()).isEqualTo(Form.QUOTED);
            assertThat(checkObjects(other)).as("the check's object is deleted").isEmpty();
        }
    }

    private static List<String> checkObjects() {
        return checkObjects(site);
    }

    private static List<String> checkObjects(Site site) {
        return site
                .s3()
                .listObjectsV2(b -> b.bucket(TwoSites.BUCKET).prefix(ConditionalWrites.CHECK_PREFIX))
                .contents()
                .stream()
                .map(S3Object::key)
                .toList();
    }
}
