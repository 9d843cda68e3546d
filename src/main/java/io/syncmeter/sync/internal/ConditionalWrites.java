package io.syncmeter.sync.internal;

import io.syncmeter.site.Site;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Which sites honour a conditional PUT ({@code If-None-Match: *}, {@code If-Match: <etag>}), found by
 * trying it once per site: a PUT that is to fail when the object exists, or when its ETag differs,
 * must be refused (412, or AWS's 409 for a conditional write that raced another), and one whose
 * {@code If-Match} names the object's ETag must be let through. Servers differ in how they read
 * {@code If-Match}: AWS S3 and MinIO take the quoted ETag; Ceph RGW compares the header with the ETag
 * as stored, unquoted, and refuses the quoted one. S3Proxy (the embedded sites) ignores both headers.
 *
 * <p>The check writes one small object at {@value #CHECK_PREFIX}{@code <uuid>} and deletes it; the
 * engine never replicates keys under that prefix ({@link KeyFilter}). A site that cannot be reached is
 * checked again every {@link #RETRY_AFTER} until it answers; until then, and for a site that does not
 * honour the headers, {@link #form} is {@link Form#NONE} and the copier writes unconditionally (its
 * re-check after a write that raced a shard move still holds).
 *
 * <p>Lifecycle: {@link #start} checks in the background; {@link #close} stops it. Thread-safe.
 */
public final class ConditionalWrites implements AutoCloseable {

    /** Where the check writes its object. */
    public static final String CHECK_PREFIX = ".syncmeter/conditional-check/";

    static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(ConditionalWrites.class);

    /** How a site takes conditional PUTs. */
    public enum Form {
        /** Not honoured, or not known (yet): write unconditionally. */
        NONE,
        /** Honoured; {@code If-Match} takes the ETag quoted, as HTTP says. */
        QUOTED,
        /** Honoured; {@code If-Match} takes the ETag unquoted (Ceph RGW). */
        UNQUOTED;

        /** The {@code If-Match} value for an (unquoted) ETag. */
        public String ifMatch(String etag) {
            return this == QUOTED ? '"' + etag + '"' : etag;
        }

        /** Whether conditional PUTs are used. */
        public boolean honoured() {
            return this != NONE;
        }
    }

    /** What the check found, and why. */
    public record Finding(Form form, String reason) {}

    private final Map<String, Form> forms = new ConcurrentHashMap<>();
    // sites whose check found an answer
    private final AtomicInteger answered = new AtomicInteger();
    private final ScheduledExecutorService checks = DaemonThreads.scheduler("sync-conditional-check");

    /** No site honours anything until {@link #start} found out. */
    public ConditionalWrites() {}

    /** Checks every site, in the background; a site that fails to answer is checked again later. */
    public void start(Collection<Site> sites) {
        for (Site site : sites) {
            forms.put(site.name(), Form.NONE);
            checks.execute(() -> checkUntilKnown(site));
        }
    }

    /** How {@code site} takes conditional PUTs: {@link Form#NONE} when not honoured or not yet known. */
    public Form form(String site) {
        return forms.getOrDefault(site, Form.NONE);
    }

    /** How many sites' checks found an answer so far. */
    public int answered() {
        return answered.get();
    }

    private void checkUntilKnown(Site site) {
        try {
            Finding f = check(site);
            forms.put(site.name(), f.form());
            answered.incrementAndGet();
            LOG.infof(
                    "Site %s: conditional writes %s (%s)",
                    site.name(),
                    f.form().honoured()
                            ? "honoured, used for copies into it"
                            : "not honoured, copies are unconditional",
                    f.reason());
        } catch (SdkException e) {
            LOG.warnf(
                    "Site %s: could not check conditional writes (%s); copies are unconditional, checking again in"
                            + " %d s",
                    site.name(), e.toString(), RETRY_AFTER.toSeconds());
            checks.schedule(() -> checkUntilKnown(site), RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Tries conditional PUTs at {@code site} on an object of its own, and deletes it. Throws when the
     * site could not be asked (a connection failure, a refused plain PUT — no bucket yet, no permission
     * —, a 5xx): the answer is then unknown, not no.
     */
    public static Finding check(Site site) {
        String key = CHECK_PREFIX + UUID.randomUUID();
        try {
            // a plain PUT that fails (no bucket yet, no permission, no connection) leaves the answer unknown
            String etag = CopyRules.unquote(put(site, key, "a", b -> {}));
            if (accepted(site, key, b -> b.ifNoneMatch("*"))) {
                return new Finding(Form.NONE, "a PUT with If-None-Match: * replaced an existing object");
            }
            String wrong = "00000000000000000000000000000000".equals(etag)
                    ? "11111111111111111111111111111111"
                    : "00000000000000000000000000000000";
            if (accepted(site, key, b -> b.ifMatch('"' + wrong + '"'))) {
                return new Finding(Form.NONE, "a PUT with an If-Match of another ETag replaced the object");
            }
            if (accepted(site, key, b -> b.ifMatch(Form.QUOTED.ifMatch(etag)))) {
                return new Finding(Form.QUOTED, "If-Match takes the quoted ETag");
            }
            if (accepted(site, key, b -> b.ifMatch(Form.UNQUOTED.ifMatch(etag)))) {
                return new Finding(Form.UNQUOTED, "If-Match takes the unquoted ETag");
            }
            return new Finding(Form.NONE, "a PUT whose If-Match named the object's own ETag was refused");
        } catch (RefusesHeaders e) {
            return new Finding(Form.NONE, e.getMessage());
        } finally {
            try {
                site.s3().deleteObject(b -> b.bucket(site.bucket()).key(key));
            } catch (SdkException e) {
                LOG.debugf("Site %s: the conditional-write check's object %s was not deleted: %s", site.name(), key, e);
            }
        }
    }

    /** A server refused a conditional PUT for its headers: it does not take them. */
    private static final class RefusesHeaders extends RuntimeException {
        RefusesHeaders(String message) {
            super(message, null, false, false);
        }
    }

    // whether the conditional PUT went through: false when refused by its precondition; a refusal of the
    // headers themselves (400 Bad Request, 501 Not Implemented) is RefusesHeaders; other errors throw
    private static boolean accepted(Site site, String key, Consumer<PutObjectRequest.Builder> c) {
        try {
            put(site, key, "b", c);
            return true;
        } catch (S3Exception e) {
            if (refusedByPrecondition(e)) {
                return false;
            }
            if (e.statusCode() == 400 || e.statusCode() == 501) {
                throw new RefusesHeaders("a conditional PUT was refused with " + e.statusCode()
                        + (e.awsErrorDetails() == null
                                ? ""
                                : " " + e.awsErrorDetails().errorCode()));
            }
            throw e;
        }
    }

    /** Whether a write was refused because its precondition did not hold (412; AWS's 409 for a race). */
    public static boolean refusedByPrecondition(S3Exception e) {
        return e.statusCode() == 412
                || (e.statusCode() == 409
                        && e.awsErrorDetails() != null
                        && "ConditionalRequestConflict"
                                .equals(e.awsErrorDetails().errorCode()));
    }

    private static String put(Site site, String key, String body, Consumer<PutObjectRequest.Builder> condition) {
        PutObjectRequest.Builder b =
                PutObjectRequest.builder().bucket(site.bucket()).key(key);
        condition.accept(b);
        return site.s3()
                .putObject(b.build(), RequestBody.fromString(body, StandardCharsets.UTF_8))
                .eTag();
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
