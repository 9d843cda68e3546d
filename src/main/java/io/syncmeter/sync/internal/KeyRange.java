package io.syncmeter.sync.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A range of object keys, {@code (after, upTo]}: the keys above {@code after} (ListObjectsV2's {@code
 * start-after}, exclusive) up to and including {@code upTo}; an absent bound is open. A full sync lists
 * one range per task, both sides alike.
 *
 * <p>S3 orders keys by their UTF-8 bytes ({@link #S3_ORDER}); some servers order by UTF-16 code units
 * ({@link String#compareTo}; S3Proxy's in-memory store, for one). The two orders differ only where a
 * character outside the Basic Multilingual Plane (a surrogate pair, U+D800–U+DFFF in UTF-16) meets one
 * from U+E000 to U+FFFF at the first position two keys differ. So bounds are made only of characters
 * below U+D800 ({@link #isBoundary}): then a key compares to a bound the same way in both orders, and
 * which range holds a key — and where a server's listing from {@code start-after} reaches a bound —
 * does not depend on which order the server uses. Immutable.
 *
 * @param after the exclusive lower bound; empty: from the first key
 * @param upTo the inclusive upper bound; empty: to the last key
 */
public record KeyRange(Optional<String> after, Optional<String> upTo) {

    /** Every key. */
    public static final KeyRange ALL = new KeyRange(Optional.empty(), Optional.empty());

    /** S3's key order: by UTF-8 bytes, which is the order of the keys' code points. */
    public static final Comparator<String> S3_ORDER = KeyRange::compareCodePoints;

    /** The highest character a bound may hold: below the surrogates, where the two key orders part. */
    public static final char BOUNDARY_MAX = '\uD7FF';

    public KeyRange {
        after.ifPresent(KeyRange::requireBoundary);
        upTo.ifPresent(KeyRange::requireBoundary);
        if (after.isPresent() && upTo.isPresent() && S3_ORDER.compare(after.get(), upTo.get()) >= 0) {
            throw new IllegalArgumentException("empty key range (" + after.get() + ", " + upTo.get() + "]");
        }
    }

    /**
     * The ranges the boundaries cut the key space into, in key order: {@code (-, b1], (b1, b2], …, (bn,
     * -)} — every key in exactly one of them. Duplicates count once; no boundaries give {@link #ALL}.
     *
     * @throws IllegalArgumentException when a boundary holds a character above {@link #BOUNDARY_MAX}
     */
    public static List<KeyRange> between(Collection<String> boundaries) {
        TreeSet<String> sorted = new TreeSet<>(S3_ORDER);
        sorted.addAll(boundaries);
        List<KeyRange> out = new ArrayList<>(sorted.size() + 1);
        Optional<String> lower = Optional.empty();
        for (String b : sorted) {
            out.add(new KeyRange(lower, Optional.of(b)));
            lower = Optional.of(b);
        }
        out.add(new KeyRange(lower, Optional.empty()));
        return out;
    }

    /** Whether {@code s} may bound a range: every character below U+D800. */
    public static boolean isBoundary(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > BOUNDARY_MAX) {
                return false;
            }
        }
        return true;
    }

    /** Whether the key lies in this range. */
    public boolean contains(String key) {
        return (after.isEmpty() || S3_ORDER.compare(key, after.get()) > 0) && !endsBefore(key);
    }

    /** Whether the range ends before the key (the key lies above it): a listing of the range stops there. */
    public boolean endsBefore(String key) {
        return upTo.isPresent() && S3_ORDER.compare(key, upTo.get()) > 0;
    }

    @Override
    public String toString() {
        return "(" + after.orElse("-") + ", " + upTo.map(u -> u + "]").orElse("-)");
    }

    private static void requireBoundary(String s) {
        if (!isBoundary(s)) {
            throw new IllegalArgumentException("a key range bound must hold only characters below U+D800: " + s);
        }
    }

    // for valid UTF-16 (S3 keys are valid UTF-8) the order of code points is the order of UTF-8 bytes
    private static int compareCodePoints(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(i);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
        }
        return Integer.compare(a.length() - i, b.length() - i);
    }
}
