package io.syncmeter.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProbeBodyTest {

    private static final Instant T = Instant.parse("2025-03-01T12:00:00.123Z");
    private static final String KEY = ProbeKeys.key("syncmeter-probes", "dc1", T, "w1", 42);

    @ParameterizedTest
    @ValueSource(ints = {128, 1024, 4096, 65536})
    void shouldHaveExactlyTheRequestedSize(int size) {
        assertThat(ProbeBody.create(KEY, "dc1", 42, T, size).bytes()).hasSize(size);
    }

    @Test
    void shouldCarryTheMd5OfItsBytesInHex() throws Exception {
        ProbeBody body = ProbeBody.create(KEY, "dc1", 42, T, 4096);

        String expected =
                HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.bytes()));
        assertThat(body.md5Hex()).isEqualTo(expected).hasSize(32);
    }

    @Test
    void shouldCarryTheSha256OfItsBytesInBase64() throws Exception {
        ProbeBody body = ProbeBody.create(KEY, "dc1", 42, T, 4096);

        String expected = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(body.bytes()));
        assertThat(body.sha256()).isEqualTo(expected);
        assertThat(Base64.getDecoder().decode(body.sha256())).hasSize(32);
    }

    @Test
    void shouldComputeKnownDigestsOfKnownBytes() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);

        assertThat(ProbeBody.md5Hex(abc)).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(ProbeBody.sha256(abc)).isEqualTo("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    }

    @Test
    void shouldStartWithAHeaderLineNamingOriginSequenceAndKey() {
        ProbeBody body = ProbeBody.create(KEY, "dc1", 42, T, 1024);

        String text = new String(body.bytes(), StandardCharsets.US_ASCII);
        String header = text.substring(0, text.indexOf('\n'));
        assertThat(header)
                .startsWith("syncmeter-probe/1 ")
                .contains("origin=dc1")
                .contains("seq=42")
                .contains("scheduled=" + T)
                .contains("key=" + KEY);
    }

    @Test
    void shouldGiveDifferentKeysDifferentBodies() {
        String otherKey = ProbeKeys.key("syncmeter-probes", "dc1", T.plusMillis(200), "w1", 43);

        ProbeBody one = ProbeBody.create(KEY, "dc1", 42, T, 4096);
        ProbeBody other = ProbeBody.create(otherKey, "dc1", 43, T.plusMillis(200), 4096);

        assertThat(other.bytes()).isNotEqualTo(one.bytes());
        assertThat(other.md5Hex()).isNotEqualTo(one.md5Hex());
        assertThat(other.sha256()).isNotEqualTo(one.sha256());
    }

    @Test
    void shouldDifferInFillerNotOnlyInHeaderForDifferentKeys() {
        String otherKey = ProbeKeys.key("syncmeter-probes", "dc1", T.plusMillis(200), "w1", 43);
        byte[] one = ProbeBody.create(KEY, "dc1", 42, T, 4096).bytes();
        byte[] other =
                ProbeBody.create(otherKey, "dc1", 43, T.plusMillis(200), 4096).bytes();

        int fillerStart = 1024;
        assertThat(Arrays.copyOfRange(other, fillerStart, other.length))
                .isNotEqualTo(Arrays.copyOfRange(one, fillerStart, one.length));
    }

    @Test
    void shouldBeDeterministicForTheSameInputs() {
        ProbeBody one = ProbeBody.create(KEY, "dc1", 42, T, 4096);
        ProbeBody again = ProbeBody.create(KEY, "dc1", 42, T, 4096);

        assertThat(again.bytes()).isEqualTo(one.bytes());
        assertThat(again.md5Hex()).isEqualTo(one.md5Hex());
        assertThat(again.sha256()).isEqualTo(one.sha256());
    }
}
