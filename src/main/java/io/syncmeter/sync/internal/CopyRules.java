package io.syncmeter.sync.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What one direction does for one key, decided from the states of the key at both sites: the rules
 * that make active/active replication converge without ping-pong and never let an older version
 * replace a newer one. Pure logic, thread-safe; {@link ObjectCopier} reads the states and carries the
 * decision out.
 *
 * <p>Every copy records where its version was first written (its <em>origin</em>: site and time, kept
 * across further copies) and the site it was copied from. The rules, for source → target:
 *
 * <ol>
 *   <li>the target already holds the version (same ETag, or a copy of it) → {@link
 *       Decision#UP_TO_DATE}; with the notification's ETag this is known from the target alone;
 *   <li>the source's version originated at the target, or at a third site that replicates to the
 *       target itself → {@link Decision#ECHO}: the source holds a copy that is not its to pass on (the
 *       echo of our own copy, or one the target gets from its origin). Passing copies on in a full
 *       mesh would resurrect deleted objects: a copy forwarded after the target removed the key
 *       cannot be told from one it never had. Copies are passed on only along chains (an origin with
 *       no direction of its own to the target);
 *   <li>both versions originated at the same site: a source that is that site is authoritative
 *       ({@link Decision#COPY}); a copy forwarded by a third site replaces the target's only when its
 *       origin time is later (else {@link Decision#SUPERSEDED});
 *   <li>versions of different origins (concurrent writes at two sites): the later origin time wins,
 *       and on a tie the greater origin-site name, so every site picks the same winner;
 *   <li>the source has no object, or the change is a removal and the source holds a copy of a version
 *       older than the removal (a copy that landed after the removal: a resurrection): a target version that originated at the source is deleted (the
 *       source removed it); any other is deleted only when it is older than the removal's event time
 *       (by whole seconds, as S3 keeps times; on a tie the removal wins, so both sides agree); without a removal time it is kept.
 * </ol>
 *
 * <p>Times are the sites' own clocks (S3 {@code Last-Modified}): conflict resolution is only as good as
 * their agreement, as for every last-writer-wins store.
 */
public final class CopyRules {

    /** User metadata on a copy: the site its version was first written at. */
    public static final String ORIGIN_SITE = "syncmeter-origin-site";

    /** User metadata on a copy: when its version was first written (ISO-8601), at the origin site. */
    public static final String ORIGIN_TIME = "syncmeter-origin-time";

    private CopyRules() {}

    /** What to do, and why. */
    public enum Decision {
        /** The target holds the source's version already. */
        UP_TO_DATE,
        /** The source's version is a copy the target has or gets from its origin: not ours to send. */
        ECHO,
        /** The target holds a newer version than the source's state: kept. */
        SUPERSEDED,
        /** Copy the source's version to the target. */
        COPY,
        /** Delete the key at the target. */
        DELETE,
        /** Not decided without reading the source. */
        READ_SOURCE
    }

    /**
     * One version of a key as a site holds it.
     *
     * @param etag its ETag, unquoted
     * @param copyOf the ETag of the source version it was copied from, null for an original
     * @param copiedFrom the site it was copied from, null for an original
     * @param originSite where the version was first written
     * @param originTime when, by that site's clock
     */
    public record Version(String etag, String copyOf, String copiedFrom, String originSite, Instant originTime) {

        /**
         * The version described by an S3 response of {@code site}: its ETag, user metadata and {@code
         * Last-Modified}. Copies made before origins were recorded count as originating where they were
         * copied from, at their own time.
         */
        public static Version of(String site, String etag, Map<String, String> metadata, Instant lastModified) {
            String copiedFrom = metadata.get(ObjectCopier.SOURCE_SITE);
            String originSite = metadata.getOrDefault(ORIGIN_SITE, copiedFrom == null ? site : copiedFrom);
            Instant originTime = parse(metadata.get(ORIGIN_TIME)).orElse(lastModified);
            return new Version(
                    unquote(etag), metadata.get(ObjectCopier.SOURCE_ETAG), copiedFrom, originSite, originTime);
        }

        /** Whether this is the version with ETag {@code etag} or a copy of it. */
        public boolean holds(String etag) {
            String e = unquote(etag);
            return e != null && (e.equals(this.etag) || e.equals(copyOf));
        }
    }

    /**
     * Before reading the source: {@link Decision#UP_TO_DATE} when the target already holds what the
     * notification announces (or a removal finds nothing at the target), else {@link
     * Decision#READ_SOURCE}.
     */
    public static Decision beforeRead(ObjectChange change, Optional<Version> target) {
        if (change.kind() == ObjectChange.Kind.REMOVED) {
            return target.isEmpty() ? Decision.UP_TO_DATE : Decision.READ_SOURCE;
        }
        return change.etag() != null && target.isPresent() && target.get().holds(change.etag())
                ? Decision.UP_TO_DATE
                : Decision.READ_SOURCE;
    }

    /**
     * With both states read.
     *
     * @param direct whether a site (the origin of the source's version) replicates to the target by a
     *     direction of its own
     * @param removedAt when the source removed the key, if the change is a removal that says so; null
     *     otherwise (a write whose object is gone by now: its removal's own change decides)
     */
    public static Decision decide(
            String sourceSite,
            String targetSite,
            Optional<Version> source,
            Optional<Version> target,
            Instant removedAt,
            Predicate<String> direct) {
        if (source.isEmpty() || resurrected(source.get(), removedAt)) {
            return onRemoval(sourceSite, target, removedAt);
        }
        Version src = source.get();
        if (target.isPresent() && target.get().holds(src.etag())) {
            return Decision.UP_TO_DATE;
        }
        if (src.originSite().equals(targetSite)
                || (!src.originSite().equals(sourceSite) && direct.test(src.originSite()))) {
            return Decision.ECHO;
        }
        if (target.isEmpty()) {
            return Decision.COPY;
        }
        Version tgt = target.get();
        if (src.originSite().equals(tgt.originSite())) {
            boolean authoritative = src.originSite().equals(sourceSite);
            return authoritative || src.originTime().isAfter(tgt.originTime()) ? Decision.COPY : Decision.SUPERSEDED;
        }
        int byTime = seconds(src.originTime()).compareTo(seconds(tgt.originTime()));
        int order = byTime != 0 ? byTime : src.originSite().compareTo(tgt.originSite());
        return order > 0 ? Decision.COPY : Decision.SUPERSEDED;
    }

    /**
     * Whether the source's version is a resurrection: the change is a removal (at {@code removedAt}) and
     * the source holds a copy of an older version. The copy landed after the removal (which would have
     * removed it), so it brings back what the removal removed: the removal wins, and the copy is to be
     * deleted at the source too.
     */
    public static boolean resurrected(Version src, Instant removedAt) {
        return removedAt != null
                && src.copiedFrom() != null
                && seconds(src.originTime()).isBefore(seconds(removedAt));
    }

    private static Decision onRemoval(String sourceSite, Optional<Version> target, Instant removedAt) {
        if (target.isEmpty()) {
            return Decision.UP_TO_DATE;
        }
        Version tgt = target.get();
        if (tgt.originSite().equals(sourceSite)) {
            return Decision.DELETE;
        }
        if (removedAt == null) {
            return Decision.SUPERSEDED;
        }
        // a tie deletes: keeping it would leave the source without the object for good (nothing sends it
        // back), while deleting converges; a write in the same second as a removal elsewhere is lost
        return seconds(tgt.originTime()).isAfter(seconds(removedAt)) ? Decision.SUPERSEDED : Decision.DELETE;
    }

    /** The metadata a copy of {@code source} carries: the source's own plus where it came from. */
    public static Map<String, String> copyMetadata(String sourceSite, Version source, Map<String, String> own) {
        Map<String, String> metadata = new HashMap<>(own);
        metadata.put(ObjectCopier.SOURCE_ETAG, source.etag());
        metadata.put(ObjectCopier.SOURCE_SITE, sourceSite);
        metadata.put(ORIGIN_SITE, source.originSite());
        metadata.put(ORIGIN_TIME, source.originTime().toString());
        return metadata;
    }

    // S3 keeps Last-Modified in whole seconds; an origin time recorded from it is compared alike
    private static Instant seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }

    private static Optional<Instant> parse(String iso) {
        if (iso == null || iso.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(iso.strip()));
        } catch (DateTimeParseException e) {
            // someone else's value under our key: fall back to Last-Modified rather than fail the copy
            return Optional.empty();
        }
    }

    static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }
}
