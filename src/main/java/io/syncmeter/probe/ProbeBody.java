package io.syncmeter.probe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A probe's body and checksums. The body starts with a header line naming origin, sequence and
 * scheduled time, so an object found anywhere explains itself; the rest is pseudo-random filler
 * seeded by the key, so bodies differ and compression or deduplication cannot flatter a store.
 *
 * @param bytes the body
 * @param md5Hex the MD5 of the body in hex: the ETag a single-part PUT gets
 * @param sha256 the SHA-256 of the body, base64: the content checksum in metadata and events
 */
public record ProbeBody(byte[] bytes, String md5Hex, String sha256) {

    /** Builds the body of a probe. */
    public static ProbeBody create(String key, String origin, long sequence, Instant scheduled, int size) {
        String header = "syncmeter-probe/1 origin=" + origin + " seq=" + sequence + " scheduled=" + scheduled + " key="
                + key + "\n";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[Math.max(size, 1)];
        System.arraycopy(head, 0, body, 0, Math.min(head.length, body.length));
        SplittableRandom random = new SplittableRandom(key.hashCode() * 31L + sequence);
        for (int i = head.length; i < body.length; i++) {
            body[i] = (byte) ('a' + random.nextInt(26));
        }
        return new ProbeBody(body, md5Hex(body), sha256(body));
    }

    /** The MD5 of bytes, hex. */
    public static String md5Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest("MD5", bytes));
    }

    /** The SHA-256 of bytes, base64. */
    public static String sha256(byte[] bytes) {
        return Base64.getEncoder().encodeToString(digest("SHA-256", bytes));
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }
}
