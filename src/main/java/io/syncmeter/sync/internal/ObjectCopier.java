package io.syncmeter.sync.internal;

import io.syncmeter.site.Site;
import io.syncmeter.sync.internal.ConditionalWrites.Form;
import io.syncmeter.sync.internal.CopyRules.Decision;
import io.syncmeter.sync.internal.CopyRules.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Brings one key of a target site to the current state of the same key at a source site (state-based:
 * the change only says which key to look at, so duplicates, replays and reordering converge), by the
 * rules of {@link CopyRules}.
 *
 * <p>Requests, in this order and no more: HEAD of the target (a change whose ETag the target already
 * holds, such as the echo of our own copy, ends here: one request); GET of the source (its response
 * describes the version that is copied: no HEAD of the source); then the PUT or DELETE at the target,
 * if any. A fresh copy is three requests, the echo one. Objects larger than {@value #PART_BYTES} bytes
 * stream into a multipart upload of parts that size.
 *
 * <p>Conditional writes, where the target honours them ({@link ConditionalWrites}): every PUT of a
 * small copy requires the target to hold what was read there ({@code If-Match} of its ETag, or {@code
 * If-None-Match: *} when it held nothing), so a write that raced another one at the target — a
 * frozen worker's late PUT after its shard's new owner copied a newer version included — is refused
 * instead of landing over it, and the key is read again from both sides (at most {@value
 * #MAX_CONFLICTS} times in a row, then the sync fails and is retried). A write (not a removal) then
 * starts with the GET of the source and a create-only PUT, with no HEAD: a fresh copy is two requests.
 * Only when the target holds the key is it read (HEAD): if its version is older than the one read
 * (by origin time, in whole seconds) the PUT is sent again under {@code If-Match} (four requests);
 * otherwise the target may hold a copy newer than the source's state that was read before it, and
 * the source is read again, after the target (five). Where most recent writes into a target found
 * their key there ({@link Overwrites}), a write starts with the HEAD of the target again and its PUT
 * is conditional on what that found (three requests). The completion of a multipart upload and deletes
 * stay unconditional.
 *
 * <p>A copy carries the source's content type, content headers and user metadata, plus {@value
 * #SOURCE_ETAG}, {@value #SOURCE_SITE} and the version's origin ({@link CopyRules#ORIGIN_SITE}, {@link
 * CopyRules#ORIGIN_TIME}).
 *
 * <p>Fencing: every write (PUT, DELETE, the completion of a multipart upload) is preceded by {@link
 * Fence#check()}; a refused write yields {@link Outcome#FENCED} and writes nothing. If the fence no
 * longer {@linkplain Fence#held() holds} after a write — one that failed on our side included, it may
 * have landed all the same — the write may have landed after the shard moved, over a newer copy its
 * new owner made: the key is then synced once more from the source's current state (a repair), so no
 * older version stays at rest.
 *
 * <p>Writes only to the target site's bucket, under the key it was given. Never throws for S3 errors:
 * they yield {@link Outcome#FAILED} with a log line (the caller retries). Thread-safe (its only state,
 * the share of overwrites per target, is).
 */
public final class ObjectCopier {

    /** User metadata on a copy: the ETag of the source object it was copied from. */
    public static final String SOURCE_ETAG = "syncmeter-source-etag";

    /** User metadata on a copy: the site it was copied from. */
    public static final String SOURCE_SITE = "syncmeter-source-site";

    /**
     * Objects up to this size are copied with one PUT from memory; larger ones stream, in multipart
     * parts of this size.
     */
    static final int PART_BYTES = 8 * 1024 * 1024;

    // conditional writes refused in a row before a sync gives up (and is retried later)
    static final int MAX_CONFLICTS = 3;

    private static final Logger LOG = Logger.getLogger(ObjectCopier.class);

    // how each target site takes conditional PUTs
    private final Function<String, Form> conditional;
    // whether writes into each target mostly find their key there
    private final Overwrites overwrites = new Overwrites();

    /** A copier that writes unconditionally everywhere. */
    public ObjectCopier() {
        this(site -> Form.NONE);
    }

    /**
     * @param conditional how a target site (by name) takes conditional PUTs ({@link ConditionalWrites})
     */
    public ObjectCopier(Function<String, Form> conditional) {
        this.conditional = conditional;
    }

    /** What one direction did for one key. */
    public enum Outcome {
        COPIED("copied"),
        DELETED("deleted"),
        UNCHANGED("unchanged"),
        /** The target holds a newer version than the source (a concurrent write there won): kept. */
        SUPERSEDED("superseded"),
        FILTERED("filtered"),
        /** A write refused: the worker may no longer write for the change's shard ({@link Fence}). */
        FENCED("fenced"),
        /**
         * Not synced: another deployment that started earlier writes the same places, and this one
         * stands by (see the engine's writer watch).
         */
        STANDBY("standby"),
        FAILED("failed");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        /** The metric label value. */
        public String label() {
            return label;
        }
    }

    /**
     * The outcome, the bytes written to the target and the S3 requests it took.
     *
     * @param requests requests sent to either site (a failed one included), 0 when none was needed
     */
    public record Result(Outcome outcome, long bytes, int requests, boolean moved, String failure, int conflicts) {

        /**
         * @param moved a write was let through and the fence no longer held after it: the shard may
         *     have moved while the write was on its way, so it may have landed over a newer version the
         *     shard's new owner wrote. The target's state is in doubt until the owner syncs the key again.
         * @param failure what went wrong, for {@link Outcome#FAILED}; null otherwise
         * @param conflicts conditional writes the target refused because it had changed since it was read
         *     (each made the copier read both sides again)
         */
        public Result {}

        /** A result whose writes, if any, were made under a fence that still holds, and no failure. */
        public Result(Outcome outcome, long bytes, int requests) {
            this(outcome, bytes, requests, false, null, 0);
        }

        /** A failure, after {@code requests} requests. */
        public static Result failed(int requests, String failure) {
            return new Result(Outcome.FAILED, 0, requests, false, failure, 0);
        }

        /** The same result, after {@code n} refused conditional writes. */
        Result withConflicts(int n) {
            return new Result(outcome, bytes, requests, moved, failure, n);
        }

        /** The same result, flagged as {@code moved}. */
        Result asMoved() {
            return new Result(outcome, bytes, requests, true, failure, conflicts);
        }
    }

    /**
     * Brings {@code change.key()} at {@code target} to its state at {@code source}.
     *
     * @param direct whether a site replicates to {@code target} by a direction of its own (see {@link
     *     CopyRules#decide})
     * @param cleanSource whether a copy at the source that resurrects a removed object ({@link
     *     CopyRules#resurrected}) is deleted there too: only when the engine replicates into the source
     *     (the copy is then one of ours)
     * @param wrote told of every write this makes: the site and the ETag it left (null for a delete)
     * @param fence checked before every write
     */
    public Result sync(
            Site source,
            Site target,
            ObjectChange change,
            Predicate<String> direct,
            boolean cleanSource,
            BiConsumer<String, String> wrote,
            Fence fence) {
        // a write that was let through counts even when it failed: a PUT that timed out on our side
        // (a frozen process, a stalled connection) may still have landed
        boolean[] attempted = {false};
        Fence tracking = new Fence() {
            @Override
            public void check() {
                fence.check();
                attempted[0] = true;
            }

            @Override
            public boolean held() {
                return fence.held();
            }
        };
        Result result = syncOnce(new Task(source, target, direct, cleanSource, wrote), change, tracking);
        if (!attempted[0] || fence.held()) {
            return result;
        }
        // not repaired here: this worker may no longer own the key, and a write that failed on our side
        // may still be landing. The engine hands the key to the shard's owner once the write settled.
        LOG.infof(
                "Sync %s->%s of %s: the shard may have moved during the write (%s); its owner syncs the key" + " again",
                source.name(), target.name(), change.key(), result.outcome().label());
        return result.asMoved();
    }

    /** What one sync works with.*/
    private record Task(
            Site source,
            Site target,
            Predicate<String> direct,
            boolean cleanSource,
            BiConsumer<String, String> wrote) {}

    private Result syncOnce(Task task, ObjectChange change, Fence fence) {
        int[] requests = {0};
        int conflicts = 0;
        try {
            while (true) {
                try {
                    return attempt(task, change, fence, requests, true, null).withConflicts(conflicts);
                } catch (TargetChanged e) {
                    // a conditional write found the target other than it was read: read both sides again
                    conflicts++;
                    LOG.debugf(
                            "Sync %s->%s of %s: the target changed since it was read (%d)",
                            task.source().name(), task.target().name(), change.key(), conflicts);
                    if (conflicts >= MAX_CONFLICTS) {
                        return Result.failed(
                                        requests[0],
                                        "the target changed during the copy " + conflicts + " times in a row")
                                .withConflicts(conflicts);
                    }
                }
            }
        } catch (Fence.Fenced e) {
            LOG.debugf(
                    "Sync %s->%s of %s fenced: %s",
                    task.source().name(), task.target().name(), change.key(), e.getMessage());
            return new Result(Outcome.FENCED, 0, requests[0]).withConflicts(conflicts);
        } catch (SdkException | UncheckedIOException | IOException e) {
            LOG.warnf(
                    "Sync %s->%s of %s failed: %s",
                    task.source().name(), task.target().name(), change.key(), e.toString());
            return Result.failed(requests[0], e.toString()).withConflicts(conflicts);
        }
    }

    // One reading of both sides and what follows from it. Throws TargetChanged when a conditional write
    // found the target changed since it was read.
    // readTarget: the target's state, read just now (null: read it here, or not at all for a create-first
    // write)
    private Result attempt(
            Task task,
            ObjectChange change,
            Fence fence,
            int[] requests,
            boolean createFirst,
            Optional<Version> readTarget)
            throws IOException {
        Site source = task.source();
        Site target = task.target();
        Predicate<String> direct = task.direct();
        BiConsumer<String, String> wrote = task.wrote();
        String key = change.key();
        Form form = conditional.apply(target.name());
        // where the target refuses a PUT over an object it has, a write needs no HEAD first: the
        // create-only PUT fails if there is something, and only then is the target read
        // (unless most recent writes there found their key: then the HEAD first is cheaper)
        boolean write = createFirst && form.honoured() && change.kind() == ObjectChange.Kind.CREATED;
        boolean optimistic = write && overwrites.createFirst(target.name());
        // null: not read (yet)
        Optional<Version> tgt = readTarget;
        if (!optimistic && tgt == null) {
            requests[0]++;
            tgt = head(target, key);
            if (write) {
                overwrites.record(target.name(), tgt.isPresent());
            }
        }
        if (tgt != null && CopyRules.beforeRead(change, tgt) == Decision.UP_TO_DATE) {
            return new Result(Outcome.UNCHANGED, 0, requests[0]);
        }
        requests[0]++;
        Optional<ResponseInputStream<GetObjectResponse>> in = get(source, key);
        Instant removedAt = change.kind() == ObjectChange.Kind.REMOVED ? change.eventTime() : null;
        if (in.isEmpty()) {
            if (tgt == null) {
                requests[0]++;
                tgt = head(target, key);
            }
            Decision d = CopyRules.decide(source.name(), target.name(), Optional.empty(), tgt, removedAt, direct);
            return carryOut(d, target, key, requests, wrote, fence);
        }
        try (ResponseInputStream<GetObjectResponse> body = in.get()) {
            GetObjectResponse got = body.response();
            Version src = version(source, got.eTag(), got.metadata(), got.lastModified());
            byte[] whole = null;
            if (tgt == null) {
                Decision assumed = CopyRules.decide(
                        source.name(), target.name(), Optional.of(src), Optional.empty(), null, direct);
                if (assumed == Decision.ECHO) {
                    // an echo is one whatever the target holds: nothing to write
                    body.abort();
                    return new Result(Outcome.UNCHANGED, 0, requests[0]);
                }
                if (assumed == Decision.COPY && got.contentLength() <= PART_BYTES) {
                    whole = body.readAllBytes();
                    fence.check();
                    requests[0]++;
                    Optional<String> created = putSmall(source, target, key, src, got, whole, null, form);
                    overwrites.record(target.name(), created.isEmpty());
                    if (created.isPresent()) {
                        wrote.accept(target.name(), created.get());
                        return new Result(Outcome.COPIED, whole.length, requests[0]);
                    }
                }
                // the target holds something (or the copy is large): decide with what it holds
                requests[0]++;
                tgt = head(target, key);
                if (whole != null && !olderThan(tgt, src)) {
                    // what the target holds may be newer than the source's state read before it (another
                    // writer copied it meanwhile): read the source again, after the target
                    body.abort();
                    return attempt(task, change, fence, requests, false, tgt);
                }
            }
            Decision d = CopyRules.decide(source.name(), target.name(), Optional.of(src), tgt, removedAt, direct);
            if (d != Decision.COPY) {
                // the body is not needed: do not read (or wait for) the rest of it
                body.abort();
                if (task.cleanSource() && CopyRules.resurrected(src, removedAt)) {
                    fence.check();
                    requests[0]++;
                    source.s3().deleteObject(b -> b.bucket(source.bucket()).key(key));
                    wrote.accept(source.name(), null);
                    LOG.debugf("%s: removed at %s, our copy had brought it back there: deleted", key, source.name());
                }
                return carryOut(d, target, key, requests, wrote, fence);
            }
            String held = tgt.map(Version::etag).orElse(null);
            if (whole == null && got.contentLength() > PART_BYTES) {
                requests[0]++;
                long length = putMultipart(
                        target,
                        key,
                        got,
                        metadata(source, src, got),
                        body,
                        etag -> wrote.accept(target.name(), etag),
                        fence);
                return new Result(Outcome.COPIED, length, requests[0]);
            }
            if (whole == null) {
                // in memory, so the SDK can sign it whole and retry it
                whole = body.readAllBytes();
            }
            fence.check();
            requests[0]++;
            String etag =
                    putSmall(source, target, key, src, got, whole, held, form).orElseThrow(TargetChanged::new);
            wrote.accept(target.name(), etag);
            return new Result(Outcome.COPIED, whole.length, requests[0]);
        }
    }

    // Whether the target's version is older than the source's by origin time (whole seconds, as S3
    // keeps them): a copy of what was read then replaces no newer state, even though the source was read
    // before the target. Same second or newer: not known, so no.
    private static boolean olderThan(Optional<Version> target, Version source) {
        return target.isPresent()
                && target.get().originTime().getEpochSecond()
                        < source.originTime().getEpochSecond();
    }

    private static Result carryOut(
            Decision d, Site target, String key, int[] requests, BiConsumer<String, String> wrote, Fence fence) {
        return switch (d) {
            case DELETE -> {
                fence.check();
                requests[0]++;
                target.s3().deleteObject(b -> b.bucket(target.bucket()).key(key));
                wrote.accept(target.name(), null);
                yield new Result(Outcome.DELETED, 0, requests[0]);
            }
            case SUPERSEDED -> new Result(Outcome.SUPERSEDED, 0, requests[0]);
            case UP_TO_DATE, ECHO -> new Result(Outcome.UNCHANGED, 0, requests[0]);
            case COPY, READ_SOURCE -> throw new IllegalStateException("not a final decision: " + d);
        };
    }

    /** A conditional write found the target other than it was read. */
    private static final class TargetChanged extends RuntimeException {
        TargetChanged() {
            super(null, null, false, false);
        }
    }

    private static Map<String, String> metadata(Site source, Version src, GetObjectResponse got) {
        return CopyRules.copyMetadata(source.name(), src, got.metadata());
    }

    // One PUT of a copy held in memory, described by the GET response (the state actually read). Where
    // the target honours conditional writes it must still hold the version with ETag `held` (unquoted),
    // or nothing when `held` is null. Returns the ETag the copy has; empty when that did not hold.
    private static Optional<String> putSmall(
            Site source,
            Site target,
            String key,
            Version src,
            GetObjectResponse got,
            byte[] body,
            String held,
            Form form) {
        PutObjectRequest.Builder put = PutObjectRequest.builder()
                .bucket(target.bucket())
                .key(key)
                .contentType(sentContentType(got.contentType()))
                .contentEncoding(storedEncoding(got.contentEncoding()))
                .contentDisposition(got.contentDisposition())
                .contentLanguage(got.contentLanguage())
                .cacheControl(got.cacheControl())
                .metadata(metadata(source, src, got));
        if (form.honoured()) {
            if (held == null) {
                put.ifNoneMatch("*");
            } else {
                put.ifMatch(form.ifMatch(held));
            }
        }
        try {
            return Optional.of(target.s3()
                    .putObject(put.build(), RequestBody.fromBytes(body))
                    .eTag());
        } catch (S3Exception e) {
            if (form.honoured() && ConditionalWrites.refusedByPrecondition(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The Content-Type to give a copy: the source's with its media type in lower case and its charset
     * in upper case, which mean the same (both are case-insensitive) and which every server takes as
     * sent. S3Proxy's HTTP server replaces a Content-Type it knows, matched ignoring case, by its own
     * spelling before it checks the signature, so {@code text/plain;charset=utf-8} — the spelling it
     * stores and returns — is refused (403) when sent back to it.
     */
    static String sentContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).toLowerCase(Locale.ROOT);
        if (semi < 0) {
            return media;
        }
        return media
                + CHARSET.matcher(contentType.substring(semi))
                        .replaceAll(m ->
                                Matcher.quoteReplacement(m.group(1) + m.group(2).toUpperCase(Locale.ROOT)));
    }

    private static final Pattern CHARSET = Pattern.compile("(?i)(charset=\"?)([^;\"\\s]+)");

    /**
     * The Content-Encoding to give a copy: the source's without {@code aws-chunked}, which describes how
     * a PUT's body was sent, not the object (AWS drops it; S3Proxy keeps it, and a copy sent whole
     * with it is refused); null when nothing else is left.
     */
    static String storedEncoding(String contentEncoding) {
        if (contentEncoding == null) {
            return null;
        }
        String kept = Arrays.stream(contentEncoding.split(","))
                .map(String::strip)
                .filter(e -> !e.isEmpty() && !e.equalsIgnoreCase("aws-chunked"))
                .collect(Collectors.joining(", "));
        return kept.isEmpty() ? null : kept;
    }

    // Streams a large object in parts of PART_BYTES: memory stays at one part, a failed part is retried
    // alone by the SDK, and a failure aborts the upload (no orphaned parts are left behind)
    private static long putMultipart(
            Site target,
            String key,
            GetObjectResponse got,
            Map<String, String> metadata,
            InputStream in,
            Consumer<String> copied,
            Fence fence)
            throws IOException {
        // parts are invisible until the completion: that is the write the fence guards
        String uploadId = target.s3()
                .createMultipartUpload(b -> b.bucket(target.bucket())
                        .key(key)
                        .contentType(sentContentType(got.contentType()))
                        .contentEncoding(storedEncoding(got.contentEncoding()))
                        .contentDisposition(got.contentDisposition())
                        .contentLanguage(got.contentLanguage())
                        .cacheControl(got.cacheControl())
                        .metadata(metadata))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long written = 0;
            byte[] part;
            while ((part = in.readNBytes(PART_BYTES)).length > 0) {
                int number = parts.size() + 1;
                String etag = target.s3()
                        .uploadPart(
                                b -> b.bucket(target.bucket())
                                        .key(key)
                                        .uploadId(uploadId)
                                        .partNumber(number),
                                RequestBody.fromBytes(part))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                written += part.length;
            }
            fence.check();
            copied.accept(target.s3()
                    .completeMultipartUpload(b -> b.bucket(target.bucket())
                            .key(key)
                            .uploadId(uploadId)
                            .multipartUpload(m -> m.parts(parts)))
                    .eTag());
            return written;
        } catch (IOException | RuntimeException e) {
            try {
                target.s3()
                        .abortMultipartUpload(
                                b -> b.bucket(target.bucket()).key(key).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    private static Optional<Version> head(Site site, String key) {
        try {
            HeadObjectResponse r =
                    site.s3().headObject(b -> b.bucket(site.bucket()).key(key));
            return Optional.of(version(site, r.eTag(), r.metadata(), r.lastModified()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Optional<ResponseInputStream<GetObjectResponse>> get(Site site, String key) {
        try {
            return Optional.of(site.s3().getObject(b -> b.bucket(site.bucket()).key(key)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Version version(Site site, String etag, Map<String, String> metadata, Instant lastModified) {
        // a server that sends no Last-Modified gets the oldest time: it never wins a conflict by accident
        return Version.of(site.name(), etag, metadata, lastModified == null ? Instant.EPOCH : lastModified);
    }
}
