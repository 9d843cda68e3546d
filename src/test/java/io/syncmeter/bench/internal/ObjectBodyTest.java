package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectBodyTest {

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 8191, 8192, 8193, 100_000})
    void shouldYieldExactlyItsSize(long size) throws IOException {
        assertThat(new ObjectBody(1, size).readAllBytes()).hasSize((int) size);
    }

    @Test
    void shouldYieldTheSameBytesForTheSameSeedHoweverItIsRead() throws IOException {
        byte[] whole = new ObjectBody(7, 20_000).readAllBytes();
        ByteArrayOutputStream bytewise = new ByteArrayOutputStream();
        try (InputStream in = new ObjectBody(7, 20_000)) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                bytewise.write(b);
            }
        }

        assertThat(bytewise.toByteArray()).isEqualTo(whole);
        assertThat(new ObjectBody(8, 20_000).readAllBytes()).isNotEqualTo(whole);
    }

    @Test
    void shouldMakeTheBytesAgainForEachStreamOfARequestBody() throws IOException {
        var body = ObjectBody.request(3, 10_000);

        assertThat(body.optionalContentLength()).hasValue(10_000L);
        try (InputStream first = body.contentStreamProvider().newStream();
                InputStream second = body.contentStreamProvider().newStream()) {
            assertThat(first.readAllBytes()).isEqualTo(second.readAllBytes());
        }
    }
}
