package io.syncmeter.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validation of {@code syncmeter.sync.*} against the change channel's own settings. */
class SyncRetryConfigTest {

    private static SmallRyeConfig config(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(Map.of(
                "mp.messaging.incoming.changes-in.session.timeout.ms", "6000",
                "mp.messaging.incoming.changes-in.heartbeat.interval.ms", "1000",
                "mp.messaging.incoming.changes-in.throttled.unprocessed-record-max-age.ms", "300000"));
        all.putAll(values);
        return new SmallRyeConfigBuilder()
                .withMapping(SyncConfig.class)
                // Quarkus's converter: "2s", "1m" as in application.properties
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(all)
                .build();
    }

    private static SyncConfig sync(SmallRyeConfig config) {
        return config.getConfigMapping(SyncConfig.class);
    }

    @Test
    void shouldAcceptTheDefaults() {
        SmallRyeConfig config = config(Map.of());
        assertThat(SyncEngine.problems(sync(config), config)).isEmpty();
    }

    @Test
    void shouldDoubleTheBackoffUpToItsCap() {
        SyncConfig.Retry retry = sync(config(Map.of())).retry();
        assertThat(SyncEngine.backoff(retry, 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(SyncEngine.backoff(retry, 2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(SyncEngine.backoff(retry, 5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(SyncEngine.backoff(retry, 6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(SyncEngine.backoff(retry, 60)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldRejectAFenceThatTheSessionCouldOutlast() {
        SmallRyeConfig config = config(Map.of(
                "syncmeter.sync.fence-after-pause",
                "5s",
                "mp.messaging.incoming.changes-in.session.timeout.ms",
                "6000"));
        assertThat(SyncEngine.problems(sync(config), config))
                .singleElement()
                .asString()
                .startsWith("syncmeter.sync.fence-after-pause: must be from 200ms to below")
                .endsWith("(5000 ms), was 5000 ms");
    }

    @Test
    void shouldRejectARetryAfterFenceWithinTheSession() {
        SmallRyeConfig config = config(Map.of(
                "syncmeter.sync.retry-after-fence", "7s",
                "mp.messaging.incoming.changes-in.session.timeout.ms", "10000",
                "syncmeter.sync.fence-after-pause", "3s"));
        assertThat(SyncEngine.problems(sync(config), config))
                .singleElement()
                .asString()
                .startsWith("syncmeter.sync.retry-after-fence: must be above the session timeout plus")
                .contains("(11000 ms), was 7000 ms");
    }

    @Test
    void shouldRejectRetriesThatWouldOutwaitTheChannelsPatience() {
        SmallRyeConfig config =
                config(Map.of("syncmeter.sync.retry.attempts", "20", "syncmeter.sync.retry.max-backoff", "1m"));
        assertThat(SyncEngine.problems(sync(config), config))
                .singleElement()
                .asString()
                .startsWith("syncmeter.sync.retry.max-backoff: the waits of 20 retries add up to")
                .contains(
                        "half of mp.messaging.incoming.changes-in.throttled.unprocessed-record-max-age.ms (300000 ms)");
    }

    @Test
    void shouldRejectOutOfRangeRetrySettings() {
        SmallRyeConfig config =
                config(Map.of("syncmeter.sync.retry.attempts", "21", "syncmeter.sync.retry.initial-backoff", "5ms"));
        assertThat(SyncEngine.problems(sync(config), config))
                .containsExactlyInAnyOrder(
                        "syncmeter.sync.retry.attempts: must be from 0 to 20, was 21",
                        "syncmeter.sync.retry.initial-backoff: must be from 10ms to 1m, was 5 ms");
    }

    @Test
    void shouldRejectARecheckOutsideItsRange() {
        SmallRyeConfig config = config(Map.of("syncmeter.sync.recheck-after", "50ms"));
        assertThat(SyncEngine.problems(sync(config), config))
                .containsExactly("syncmeter.sync.recheck-after: must be from 100ms to 1m, was 50 ms");
        SmallRyeConfig late = config(Map.of("syncmeter.sync.recheck-after", "2m"));
        assertThat(SyncEngine.problems(sync(late), late))
                .containsExactly("syncmeter.sync.recheck-after: must be from 100ms to 1m, was 120000 ms");
    }

    @Test
    void shouldRejectAParkingTimeOutsideItsRange() {
        SmallRyeConfig config = config(Map.of("syncmeter.sync.retry.park-for", "500ms"));
        assertThat(SyncEngine.problems(sync(config), config))
                .containsExactly("syncmeter.sync.retry.park-for: must be from 1s to 24h, was 500 ms");
    }

    @Test
    void shouldTakeAResyncIntervalOfZeroOrFromAMinute() {
        SmallRyeConfig never = config(Map.of("syncmeter.sync.resync.interval", "0s"));
        assertThat(SyncEngine.problems(sync(never), never)).isEmpty();
        SmallRyeConfig busy = config(Map.of("syncmeter.sync.resync.interval", "30s"));
        assertThat(SyncEngine.problems(sync(busy), busy))
                .containsExactly("syncmeter.sync.resync.interval: must be 0 (never) or from 1m to 30d, was 30000 ms");
    }

    @Test
    void shouldTakeAResyncParallelismFromOneTo64() {
        assertThat(sync(config(Map.of())).resync().parallelism()).isEqualTo(4);
        SmallRyeConfig one = config(Map.of("syncmeter.sync.resync.parallelism", "1"));
        assertThat(SyncEngine.problems(sync(one), one)).isEmpty();
        for (String bad : new String[] {"0", "65"}) {
            SmallRyeConfig c = config(Map.of("syncmeter.sync.resync.parallelism", bad));
            assertThat(SyncEngine.problems(sync(c), c))
                    .containsExactly("syncmeter.sync.resync.parallelism: must be from 1 to 64, was " + bad);
        }
    }

    @Test
    void shouldWantAWriterHeardFromAtLeastThreeTimesBeforeItIsGone() {
        SmallRyeConfig config = config(
                Map.of("syncmeter.sync.writers.heartbeat-interval", "2s", "syncmeter.sync.writers.expire-after", "5s"));
        assertThat(SyncEngine.problems(sync(config), config))
                .containsExactly("syncmeter.sync.writers.expire-after: must be at least three heartbeat intervals"
                        + " (6000 ms), was 5000 ms");
    }
}
