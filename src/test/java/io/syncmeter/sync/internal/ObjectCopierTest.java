package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.sync.internal.CopyRules.Version;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectCopierTest {

    @Test
    void shouldTreatSameEtagAsUpToDateIgnoringQuotes() {
        Version target = version("\"abc\"", Map.of());

        assertThat(target.holds("abc")).isTrue();
        assertThat(target.holds("\"abc\"")).isTrue();
    }

    @Test
    void shouldTreatCopyOfMultipartSourceAsUpToDateByRecordedSourceEtag() {
        // a multipart source's ETag ("…-2") is not the MD5 of the body, so the copy's own ETag differs
        Version copy = version(
                "\"d41d8cd98f00b204e9800998ecf8427e\"",
                Map.of(ObjectCopier.SOURCE_ETAG, "9b2cf535f27731c974343645a3985328-2"));

        assertThat(copy.holds("\"9b2cf535f27731c974343645a3985328-2\"")).isTrue();
    }

    @Test
    void shouldTreatDifferentEtagAsStale() {
        Version target = version("\"old\"", Map.of(ObjectCopier.SOURCE_ETAG, "older"));

        assertThat(target.holds("\"new\"")).isFalse();
        assertThat(target.holds(null)).isFalse();
    }

    @Test
    void shouldNotCarryTheChunkedUploadEncodingOntoACopy() {
        assertThat(ObjectCopier.storedEncoding("aws-chunked")).isNull();
        assertThat(ObjectCopier.storedEncoding("aws-chunked,gzip")).isEqualTo("gzip");
        assertThat(ObjectCopier.storedEncoding("gzip, AWS-CHUNKED")).isEqualTo("gzip");
        assertThat(ObjectCopier.storedEncoding("gzip, br")).isEqualTo("gzip, br");
        assertThat(ObjectCopier.storedEncoding(null)).isNull();
    }

    @Test
    void shouldSendAContentTypeEveryServerTakesAsSent() {
        assertThat(ObjectCopier.sentContentType("text/plain;charset=utf-8")).isEqualTo("text/plain;charset=UTF-8");
        assertThat(ObjectCopier.sentContentType("TEXT/HTML; Charset=\"iso-8859-1\""))
                .isEqualTo("text/html; Charset=\"ISO-8859-1\"");
        assertThat(ObjectCopier.sentContentType("multipart/mixed; boundary=aBc; charset=utf-8"))
                .as("other parameters keep their case")
                .isEqualTo("multipart/mixed; boundary=aBc; charset=UTF-8");
        assertThat(ObjectCopier.sentContentType("application/octet-stream")).isEqualTo("application/octet-stream");
        assertThat(ObjectCopier.sentContentType(null)).isNull();
    }

    private static Version version(String etag, Map<String, String> metadata) {
        return Version.of("dc2", etag, metadata, Instant.parse("2026-01-01T00:00:00Z"));
    }
}
