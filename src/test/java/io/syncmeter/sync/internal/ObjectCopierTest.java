package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class ObjectCopierTest {

    @Test
    void shouldTreatSameEtagAsUpToDateIgnoringQuotes() {
        HeadObjectResponse target = HeadObjectResponse.builder().eTag("\"abc\"").build();

        assertThat(ObjectCopier.upToDate("abc", target)).isTrue();
        assertThat(ObjectCopier.upToDate("\"abc\"", target)).isTrue();
    }

    @Test
    void shouldTreatCopyOfMultipartSourceAsUpToDateByRecordedSourceEtag() {
        // a multipart source's ETag ("…-2") is not the MD5 of the body, so the copy's own ETag differs
        HeadObjectResponse copy = HeadObjectResponse.builder()
                .eTag("\"d41d8cd98f00b204e9800998ecf8427e\"")
                .metadata(Map.of(ObjectCopier.SOURCE_ETAG, "9b2cf535f27731c974343645a3985328-2"))
                .build();

        assertThat(ObjectCopier.upToDate("\"9b2cf535f27731c974343645a3985328-2\"", copy))
                .isTrue();
    }

    @Test
    void shouldTreatDifferentEtagAsStale() {
        HeadObjectResponse target = HeadObjectResponse.builder()
                .eTag("\"old\"")
                .metadata(Map.of(ObjectCopier.SOURCE_ETAG, "older"))
                .build();

        assertThat(ObjectCopier.upToDate("\"new\"", target)).isFalse();
        assertThat(ObjectCopier.upToDate(null, target)).isFalse();
    }
}
