package io.syncmeter.lifecycle.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.syncmeter.lifecycle.LifecycleConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lifecycle keys as SmallRye Config maps them, and their validation against the profile. */
class LifecycleSettingsTest {

    private static final Duration GIVE_UP = Duration.ofMinutes(5);
    private static final List<String> SITES = List.of("dc1", "dc2");

    private static LifecycleConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(LifecycleConfig.class)
                // Quarkus's converter: "30s", "1m", "3d" as in application.properties
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(LifecycleConfig.class);
    }

    private static LifecycleSettings resolve(Map<String, String> properties) {
        return LifecycleSettings.resolve(config(properties), GIVE_UP, SITES);
    }

    @Test
    void shouldDefaultToAGraceOf30sARetentionOfGiveUpPlusTenMinutesAndTheRuleOff() {
        LifecycleConfig config = config(Map.of());
        LifecycleSettings s = LifecycleSettings.resolve(config, GIVE_UP, SITES);

        assertThat(config.enabled()).isTrue();
        assertThat(s.grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.retention()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.sweepInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.batchSize()).isEqualTo(1000);
        assertThat(s.sweep().maxDeletes()).isEqualTo(10_000);
        assertThat(s.rule().enabled()).isFalse();
        assertThat(s.rule().days()).isEqualTo(1);
        assertThat(s.rule().sites()).isEqualTo(SITES);
    }

    @Test
    void shouldDeriveTheRuleDaysFromTheRetention() {
        LifecycleSettings s = resolve(Map.of("syncmeter.lifecycle.retention", "36h"));

        assertThat(s.rule().days()).isEqualTo(2);
    }

    @Test
    void shouldFailNamingTheRetentionWhenItDoesNotExceedTheGiveUpTime() {
        assertThatThrownBy(() -> resolve(Map.of("syncmeter.lifecycle.retention", "5m")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("syncmeter.lifecycle.retention:")
                .hasMessageContaining("PT5M");
        assertThatThrownBy(() -> resolve(Map.of("syncmeter.lifecycle.retention", "1m")))
                .hasMessageStartingWith("syncmeter.lifecycle.retention:");
    }

    @Test
    void shouldFailNamingEachInvalidKey() {
        Map<String, String> bad = Map.of(
                "syncmeter.lifecycle.grace", "-1s",
                "syncmeter.lifecycle.delete-interval", "0s",
                "syncmeter.lifecycle.delete-batch-size", "1001",
                "syncmeter.lifecycle.max-pending-deletions", "0",
                "syncmeter.lifecycle.sweep-interval", "0s",
                "syncmeter.lifecycle.sweep-max-deletes", "0",
                "syncmeter.lifecycle.sweep-max-keys", "0",
                "syncmeter.lifecycle.bucket-rule.expiration-days", "0",
                "syncmeter.lifecycle.bucket-rule.sites", "dc1,dc7");
        bad.forEach((key, value) -> assertThatThrownBy(() -> resolve(Map.of(key, value)))
                .as("%s=%s", key, value)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key + ":"));
    }

    @Test
    void shouldRefuseRuleDaysThatWouldExpireProbesStillAwaited() {
        assertThatThrownBy(() -> LifecycleSettings.resolve(
                        config(Map.of(
                                "syncmeter.lifecycle.retention", "3d",
                                "syncmeter.lifecycle.bucket-rule.expiration-days", "2")),
                        Duration.ofDays(2),
                        SITES))
                .hasMessageStartingWith("syncmeter.lifecycle.bucket-rule.expiration-days:");
    }

    @Test
    void shouldAcceptAZeroGraceAndARuleForSomeSites() {
        LifecycleSettings s = resolve(Map.of(
                "syncmeter.lifecycle.grace", "0s",
                "syncmeter.lifecycle.bucket-rule.enabled", "true",
                "syncmeter.lifecycle.bucket-rule.expiration-days", "3",
                "syncmeter.lifecycle.bucket-rule.sites", "dc1"));

        assertThat(s.grace()).isZero();
        assertThat(s.rule()).isEqualTo(new LifecycleSettings.Rule(true, 3, List.of("dc1")));
    }
}
