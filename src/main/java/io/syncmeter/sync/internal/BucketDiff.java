package io.syncmeter.sync.internal;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Compares two listings of one key range, both in S3's key order (ascending by UTF-8 bytes, which
 * Java's {@link String#compareTo} matches for keys without characters outside the Basic Multilingual
 * Plane; outside it the orders can differ and a key may be reported both missing and extra, which only
 * costs a check), streaming: memory stays at one entry per side.
 */
public final class BucketDiff {

    private BucketDiff() {}

    /** One object of a listing. */
    public record Entry(String key, long size, String etag) {}

    /** How the target differs from the source for one key. */
    public enum Kind {
        /** At the source only. */
        MISSING("missing"),
        /** At both, with a different ETag or size. */
        DIFFERS("differs"),
        /** At the target only. */
        EXTRA("extra");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The metric label value. */
        public String label() {
            return label;
        }
    }

    /** One difference. */
    public record Difference(String key, Kind kind) {}

    /** What a comparison saw. */
    public record Counts(long source, long target, long missing, long differs, long extra) {

        /** Nothing seen. */
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0);

        /** These and {@code other} together (of two ranges). */
        public Counts plus(Counts other) {
            return new Counts(
                    source + other.source,
                    target + other.target,
                    missing + other.missing,
                    differs + other.differs,
                    extra + other.extra);
        }
    }

    /** Walks both listings once and reports every difference to {@code out}, in key order. */
    public static Counts compare(Iterator<Entry> source, Iterator<Entry> target, Consumer<Difference> out) {
        long s = 0;
        long t = 0;
        long missing = 0;
        long differs = 0;
        long extra = 0;
        Entry a = next(source);
        Entry b = next(target);
        while (a != null || b != null) {
            int order = a == null ? 1 : b == null ? -1 : a.key().compareTo(b.key());
            if (order < 0) {
                out.accept(new Difference(a.key(), Kind.MISSING));
                missing++;
                s++;
                a = next(source);
            } else if (order > 0) {
                out.accept(new Difference(b.key(), Kind.EXTRA));
                extra++;
                t++;
                b = next(target);
            } else {
                if (a.size() != b.size() || !unquote(a.etag()).equals(unquote(b.etag()))) {
                    out.accept(new Difference(a.key(), Kind.DIFFERS));
                    differs++;
                }
                s++;
                t++;
                a = next(source);
                b = next(target);
            }
        }
        return new Counts(s, t, missing, differs, extra);
    }

    private static Entry next(Iterator<Entry> it) {
        try {
            return it.hasNext() ? it.next() : null;
        } catch (NoSuchElementException e) {
            return null;
        }
    }

    private static String unquote(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }
}
