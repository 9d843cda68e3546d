package io.syncmeter.lifecycle.internal;

import io.syncmeter.lifecycle.LifecycleConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The lifecycle configuration validated against the probe profile and the sites; an invalid value
 * fails with a message naming its key. Immutable.
 *
 * @param grace delay from settled to deleted
 * @param deleteInterval how often due deletions are sent
 * @param batchSize keys per DeleteObjects request
 * @param maxPending the deletion queue's bound
 * @param retention age after which the sweep deletes any probe
 * @param sweepInterval how often the sweep runs
 * @param sweep the bounds of one sweep of one site
 * @param rule the bucket rule's settings
 */
public record LifecycleSettings(
        Duration grace,
        Duration deleteInterval,
        int batchSize,
        int maxPending,
        Duration retention,
        Duration sweepInterval,
        RetentionSweep.Limits sweep,
        Rule rule) {

    /** The default retention beyond the profile's give-up time. */
    public static final Duration RETENTION_MARGIN = Duration.ofMinutes(10);

    private static final String PREFIX = "syncmeter.lifecycle.";

    /**
     * The bucket rule's settings.
     *
     * @param enabled whether it is installed
     * @param days its expiration in days
     * @param sites the sites whose bucket gets it
     */
    public record Rule(boolean enabled, int days, List<String> sites) {
        public Rule {
            sites = List.copyOf(sites);
        }
    }

    /**
     * Validates {@code config}.
     *
     * @param giveUp the probe profile's give-up time
     * @param siteNames every configured site
     * @throws IllegalArgumentException naming the first invalid key
     */
    public static LifecycleSettings resolve(LifecycleConfig config, Duration giveUp, Collection<String> siteNames) {
        requireAtLeast("grace", config.grace(), Duration.ZERO);
        requirePositive("delete-interval", config.deleteInterval());
        requireRange("delete-batch-size", config.deleteBatchSize(), 1, BatchDeleter.MAX_BATCH);
        requireRange("max-pending-deletions", config.maxPendingDeletions(), 1, Integer.MAX_VALUE);
        Duration retention = config.retention().orElse(giveUp.plus(RETENTION_MARGIN));
        if (retention.compareTo(giveUp) <= 0) {
            throw new IllegalArgumentException(PREFIX + "retention: must exceed the probe profile's give-up time ("
                    + giveUp + "), or the sweep could delete probes still awaited; was " + retention);
        }
        requirePositive("sweep-interval", config.sweepInterval());
        requireRange("sweep-max-deletes", config.sweepMaxDeletes(), 1, Integer.MAX_VALUE);
        requireRange("sweep-max-keys", config.sweepMaxKeys(), 1, Integer.MAX_VALUE);
        LifecycleConfig.BucketRule rule = config.bucketRule();
        int days = BucketRule.days(retention);
        if (rule.expirationDays().isPresent()) {
            days = rule.expirationDays().getAsInt();
            requireRange("bucket-rule.expiration-days", days, 1, Integer.MAX_VALUE);
            if (Duration.ofDays(days).compareTo(giveUp) <= 0) {
                throw new IllegalArgumentException(PREFIX + "bucket-rule.expiration-days: must exceed the probe"
                        + " profile's give-up time (" + giveUp + "), was " + days);
            }
        }
        List<String> ruleSites = rule.sites().orElse(List.copyOf(siteNames));
        for (String site : ruleSites) {
            if (!siteNames.contains(site)) {
                throw new IllegalArgumentException(
                        PREFIX + "bucket-rule.sites: no site named '" + site + "' (sites: " + siteNames + ")");
            }
        }
        return new LifecycleSettings(
                config.grace(),
                config.deleteInterval(),
                config.deleteBatchSize(),
                config.maxPendingDeletions(),
                retention,
                config.sweepInterval(),
                new RetentionSweep.Limits(config.sweepMaxDeletes(), config.sweepMaxKeys(), config.deleteBatchSize()),
                new Rule(rule.enabled(), days, ruleSites));
    }

    private static void requirePositive(String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(PREFIX + key + ": must be positive, was " + d);
        }
    }

    private static void requireAtLeast(String key, Duration d, Duration min) {
        if (d.compareTo(min) < 0) {
            throw new IllegalArgumentException(PREFIX + key + ": must be at least " + min + ", was " + d);
        }
    }

    private static void requireRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            String range = max == Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
            throw new IllegalArgumentException(PREFIX + key + ": must be " + range + ", was " + value);
        }
    }
}
