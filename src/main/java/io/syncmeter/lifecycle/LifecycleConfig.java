package io.syncmeter.lifecycle;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The probe lifecycle: when syncmeter deletes its probe objects. A probe seen intact at every target
 * is deleted at every site after {@link #grace()}; any probe older than {@link #retention()} is
 * deleted by the periodic retention sweep, whatever became of it. Only keys of the probe profile's
 * key layout and prefix are ever deleted. Validated at startup by {@link ProbeLifecycle}.
 */
@ConfigMapping(prefix = "syncmeter.lifecycle")
public interface LifecycleConfig {

    /** Whether this instance deletes probe objects (resolved deletes, retention sweep, bucket rule). */
    @WithDefault("true")
    boolean enabled();

    /** How long after a probe is seen intact at every target its objects are deleted. */
    @WithDefault("30s")
    Duration grace();

    /** How often due deletions of resolved probes are sent (they are batched per site in between). */
    @WithDefault("5s")
    Duration deleteInterval();

    /** Keys per S3 DeleteObjects request, 1 to 1000. */
    @WithDefault("1000")
    int deleteBatchSize();

    /** Resolved probes waiting for their deletion at most; beyond it they are left to the retention sweep. */
    @WithDefault("50000")
    int maxPendingDeletions();

    /** Age (by key time) after which the sweep deletes any probe; must exceed the profile's give-up time. Default: give-up plus 10 minutes. */
    Optional<Duration> retention();

    /** How often the retention sweep runs at every site. */
    @WithDefault("1m")
    Duration sweepInterval();

    /** Probe objects one sweep deletes per site at most, so a large backlog drains over several sweeps. */
    @WithDefault("10000")
    int sweepMaxDeletes();

    /** Keys one sweep lists per site at most. */
    @WithDefault("100000")
    int sweepMaxKeys();

    /** The S3 lifecycle rule syncmeter can install in each site's bucket. */
    BucketRule bucketRule();

    /** An S3 lifecycle expiration rule for the probe prefix, beside the bucket's other rules. */
    interface BucketRule {

        /** Whether to install it (it expires every object below the probe prefix, probe or not). */
        @WithDefault("false")
        boolean enabled();

        /** Days after which it expires objects, at least 1; default: the retention rounded up to whole days. */
        OptionalInt expirationDays();

        /** Sites whose bucket gets it; default every site. */
        Optional<List<String>> sites();
    }
}
