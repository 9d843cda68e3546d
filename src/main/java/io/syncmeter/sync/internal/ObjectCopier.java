package io.syncmeter.sync.internal;

import io.syncmeter.site.Site;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Brings one key of a target site to the current state of the same key at a source site (state-based:
 * the event only says which key to look at, so duplicates, replays and reordering converge).
 *
 * <p>Rules, for source → target:
 *
 * <ul>
 *   <li>source absent → delete at target if present ({@link Outcome#DELETED}), else {@link
 *       Outcome#UNCHANGED};
 *   <li>target up to date (same ETag, or a copy whose {@value #SOURCE_ETAG} is the source's ETag, as
 *       for multipart sources whose ETag is not the MD5 of the body) → {@link Outcome#UNCHANGED};
 *   <li>source is itself a copy made from the target site ({@value #SOURCE_SITE} names the target) →
 *       {@link Outcome#UNCHANGED}: this is the echo of our own copy; copying it back could overwrite a
 *       newer write at the target or resurrect a deleted object there;
 *   <li>otherwise GET the source and PUT it to the target with its content type, content headers and
 *       user metadata, plus {@value #SOURCE_ETAG} and {@value #SOURCE_SITE} ({@link Outcome#COPIED}).
 * </ul>
 *
 * <p>Writes only to the target site's bucket, under the key it was given. Never throws for S3 errors:
 * they yield {@link Outcome#FAILED} with a log line (first cut: no retry; the next change of the key,
 * or a replay of the topic, repairs it). Thread-safe (stateless apart from the thread-safe clients).
 */
public final class ObjectCopier {

    /** User metadata on a copy: the ETag of the source object it was copied from. */
    public static final String SOURCE_ETAG = "syncmeter-source-etag";

    /** User metadata on a copy: the site it was copied from. */
    public static final String SOURCE_SITE = "syncmeter-source-site";

    /** Objects up to this size are read into memory, so the SDK can retry the PUT; larger ones stream. */
    static final long BUFFER_LIMIT_BYTES = 8L * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(ObjectCopier.class);

    /** What one direction did for one key. */
    public enum Outcome {
        COPIED("copied"),
        DELETED("deleted"),
        UNCHANGED("unchanged"),
        FILTERED("filtered"),
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

    /** The outcome and the bytes written to the target. */
    public record Result(Outcome outcome, long bytes) {
        static Result of(Outcome outcome) {
            return new Result(outcome, 0);
        }
    }

    /** Brings {@code key} at {@code target} to its state at {@code source}. */
    public Result sync(Site source, Site target, String key) {
        try {
            Optional<HeadObjectResponse> src = head(source, key);
            if (src.isEmpty()) {
                return deleteAtTarget(target, key);
            }
            Optional<HeadObjectResponse> tgt = head(target, key);
            if (tgt.isPresent() && upToDate(src.get().eTag(), tgt.get())) {
                return Result.of(Outcome.UNCHANGED);
            }
            if (target.name().equals(src.get().metadata().get(SOURCE_SITE))) {
                return Result.of(Outcome.UNCHANGED);
            }
            return copy(source, target, key);
        } catch (SdkException | UncheckedIOException e) {
            LOG.warnf("Sync %s->%s of %s failed: %s", source.name(), target.name(), key, e.toString());
            return Result.of(Outcome.FAILED);
        }
    }

    private Result deleteAtTarget(Site target, String key) {
        if (head(target, key).isEmpty()) {
            return Result.of(Outcome.UNCHANGED);
        }
        target.s3().deleteObject(b -> b.bucket(target.bucket()).key(key));
        return Result.of(Outcome.DELETED);
    }

    private Result copy(Site source, Site target, String key) {
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = source.s3().getObject(b -> b.bucket(source.bucket()).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                // deleted between HEAD and GET: its removal is the current state
                return deleteAtTarget(target, key);
            }
            throw e;
        }
        try (in) {
            // describe the copy by the GET response: it is the state actually read
            GetObjectResponse got = in.response();
            Map<String, String> metadata = new HashMap<>(got.metadata());
            metadata.put(SOURCE_ETAG, unquote(got.eTag()));
            metadata.put(SOURCE_SITE, source.name());
            long length = got.contentLength();
            PutObjectRequest put = PutObjectRequest.builder()
                    .bucket(target.bucket())
                    .key(key)
                    .contentType(got.contentType())
                    .contentEncoding(got.contentEncoding())
                    .contentDisposition(got.contentDisposition())
                    .contentLanguage(got.contentLanguage())
                    .cacheControl(got.cacheControl())
                    .metadata(metadata)
                    .build();
            target.s3().putObject(put, body(in, length));
            return new Result(Outcome.COPIED, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RequestBody body(InputStream in, long length) throws IOException {
        if (length <= BUFFER_LIMIT_BYTES) {
            return RequestBody.fromBytes(in.readAllBytes());
        }
        return RequestBody.fromInputStream(in, length);
    }

    static boolean upToDate(String sourceEtag, HeadObjectResponse target) {
        String src = unquote(sourceEtag);
        return src != null
                && (src.equals(unquote(target.eTag()))
                        || src.equals(target.metadata().get(SOURCE_ETAG)));
    }

    private static Optional<HeadObjectResponse> head(Site site, String key) {
        try {
            return Optional.of(site.s3().headObject(b -> b.bucket(site.bucket()).key(key)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }
}
