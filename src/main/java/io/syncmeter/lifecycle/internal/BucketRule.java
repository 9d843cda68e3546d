package io.syncmeter.lifecycle.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * syncmeter's S3 lifecycle rule: expire objects below the probe root after whole days, a backstop
 * for when no syncmeter runs. A bucket has one lifecycle configuration holding every rule, so {@link
 * #install} reads it, replaces only the rule with {@link #RULE_ID} (or adds it), keeps every other
 * rule as it was, and writes it back; it writes nothing when our rule is already there, identical.
 *
 * <p>Read-modify-write is not atomic: a change another client makes to the configuration between our
 * read and our write is lost. Stateless; S3 calls run on the caller's thread.
 */
public final class BucketRule {

    /** The id of our rule; every other id belongs to someone else. */
    public static final String RULE_ID = "syncmeter-probe-expiration";

    /** What {@link #install} did. */
    public enum Outcome {
        /** The configuration was written with our rule added or replaced. */
        WRITTEN,
        /** Our rule was already there, identical: nothing written. */
        UNCHANGED,
        /** The backend does not implement bucket lifecycle configuration. */
        UNSUPPORTED
    }

    private BucketRule() {}

    /** Whole days (at least 1) that cover {@code retention}. */
    public static int days(Duration retention) {
        long day = Duration.ofDays(1).toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (retention.toMillis() + day - 1) / day));
    }

    /** Our rule: expire everything below {@code root} (ends with '/') {@code days} days after creation. */
    public static LifecycleRule rule(String root, int days) {
        return LifecycleRule.builder()
                .id(RULE_ID)
                .status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.builder().prefix(root).build())
                .expiration(LifecycleExpiration.builder().days(days).build())
                .build();
    }

    /**
     * The configuration to write so it holds {@code ours}, or empty when it already does: every rule
     * of {@code existing} kept in its place, except one with our id, replaced by {@code ours} (added at
     * the end when there is none). When the other rules use the deprecated rule-level {@code Prefix},
     * ours does too, since servers may refuse a configuration that mixes both forms.
     */
    public static Optional<List<LifecycleRule>> merge(List<LifecycleRule> existing, LifecycleRule ours) {
        LifecycleRule wanted = existing.stream().anyMatch(r -> r.filter() == null && r.prefix() != null)
                ? ours.toBuilder()
                        .filter((LifecycleRuleFilter) null)
                        .prefix(prefixOf(ours))
                        .build()
                : ours;
        List<LifecycleRule> merged = new ArrayList<>();
        boolean placed = false;
        for (LifecycleRule rule : existing) {
            if (!RULE_ID.equals(rule.id())) {
                merged.add(rule);
            } else if (!placed) {
                if (same(rule, ours)) {
                    return Optional.empty();
                }
                merged.add(wanted);
                placed = true;
            }
            // a second rule with our id (servers refuse those anyway) is dropped
        }
        if (!placed) {
            merged.add(wanted);
        }
        return Optional.of(List.copyOf(merged));
    }

    /**
     * Whether {@code found} does what {@code ours} does and nothing else: same id, enabled, same
     * prefix (in either form), same expiration in days, no other action or filter.
     */
    static boolean same(LifecycleRule found, LifecycleRule ours) {
        LifecycleRuleFilter f = found.filter();
        boolean plainFilter = f == null
                || (f.tag() == null
                        && f.and() == null
                        && f.objectSizeGreaterThan() == null
                        && f.objectSizeLessThan() == null);
        LifecycleExpiration e = found.expiration();
        return RULE_ID.equals(found.id())
                && found.status() == ExpirationStatus.ENABLED
                && plainFilter
                && prefixOf(ours).equals(prefixOf(found))
                && e != null
                && e.days() != null
                && e.days().equals(ours.expiration().days())
                && e.date() == null
                && !Boolean.TRUE.equals(e.expiredObjectDeleteMarker())
                && !found.hasTransitions()
                && !found.hasNoncurrentVersionTransitions()
                && found.noncurrentVersionExpiration() == null
                && found.abortIncompleteMultipartUpload() == null;
    }

    private static String prefixOf(LifecycleRule rule) {
        if (rule.filter() != null && rule.filter().prefix() != null) {
            return rule.filter().prefix();
        }
        return rule.prefix() == null ? "" : rule.prefix();
    }

    /**
     * Makes the bucket's lifecycle configuration hold {@code ours}, keeping every other rule.
     *
     * @throws S3Exception for any failure other than "not implemented"
     */
    public static Outcome install(S3Client s3, String bucket, LifecycleRule ours) {
        List<LifecycleRule> existing;
        try {
            existing = s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules();
        } catch (S3Exception e) {
            if (unsupported(e)) {
                return Outcome.UNSUPPORTED;
            }
            if (!"NoSuchLifecycleConfiguration".equals(errorCode(e))) {
                throw e;
            }
            existing = List.of();
        }
        Optional<List<LifecycleRule>> merged = merge(existing, ours);
        if (merged.isEmpty()) {
            return Outcome.UNCHANGED;
        }
        try {
            s3.putBucketLifecycleConfiguration(
                    b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(merged.get())));
        } catch (S3Exception e) {
            if (unsupported(e)) {
                return Outcome.UNSUPPORTED;
            }
            throw e;
        }
        return Outcome.WRITTEN;
    }

    /** Whether an error says the backend does not implement lifecycle configuration at all. */
    static boolean unsupported(S3Exception e) {
        String code = errorCode(e);
        return e.statusCode() == 501 || "NotImplemented".equals(code) || "MethodNotAllowed".equals(code);
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
