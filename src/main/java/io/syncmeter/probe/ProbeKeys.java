package io.syncmeter.probe;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The probe key layout: {@code <prefix>/<origin>/<epoch ms, 13 digits>-<writer id>-<sequence, 12
 * digits>}. Keys of one origin sort by scheduled time, so a collector finds new probes with one LIST
 * from just below the oldest probe it still waits for. Stateless.
 */
public final class ProbeKeys {

    private static final Pattern KEY = Pattern.compile("(.+)/([a-z0-9-]+)/(\\d{13})-([a-z0-9]+)-(\\d{12})");

    private ProbeKeys() {}

    /** The listing prefix of one origin's probes, ending with '/'. */
    public static String originPrefix(String keyPrefix, String origin) {
        return keyPrefix + "/" + origin + "/";
    }

    /** The key of a probe. */
    public static String key(String keyPrefix, String origin, Instant scheduled, String writerId, long sequence) {
        long ms = scheduled.toEpochMilli();
        if (ms < 0 || ms > 9_999_999_999_999L) {
            throw new IllegalArgumentException("time outside the key layout: " + scheduled);
        }
        return String.format("%s%013d-%s-%012d", originPrefix(keyPrefix, origin), ms, writerId, sequence);
    }

    /**
     * A {@code start-after} value that sorts just before {@code key}, so a listing includes the key
     * itself: the key without its last character is a proper prefix, hence smaller.
     */
    public static String justBefore(String key) {
        return key.substring(0, key.length() - 1);
    }

    /** The parts of a probe key, when it is one. */
    public static Optional<Parsed> parse(String key) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(
                m.group(1),
                m.group(2),
                Instant.ofEpochMilli(Long.parseLong(m.group(3))),
                m.group(4),
                Long.parseLong(m.group(5))));
    }

    /** The parts of a probe key. */
    public record Parsed(String keyPrefix, String origin, Instant scheduled, String writerId, long sequence) {}
}
