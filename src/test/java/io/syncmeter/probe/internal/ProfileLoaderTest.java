package io.syncmeter.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncmeter.probe.ProbeProfile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileLoaderTest {

    private static final String VALID = """
            name: test
            description: a test profile
            rate-per-second: 2.5
            object-sizes: [128, 2048]
            key-prefix: probes/test
            thresholds:
              late: 10s
              give-up: 5m
            """;

    @Test
    void shouldLoadTheContinuousProfileFromTheProbesDirectory() {
        ProbeProfile profile = ProfileLoader.load("continuous");

        assertThat(profile.name()).isEqualTo("continuous");
        assertThat(profile.description()).isNotBlank();
        assertThat(profile.ratePerSecond()).isEqualTo(5.0);
        assertThat(profile.objectSizes()).containsExactly(1024, 4096, 65536);
        assertThat(profile.keyPrefix()).isEqualTo("syncmeter-probes");
        assertThat(profile.late()).isEqualTo(Duration.ofSeconds(10));
        assertThat(profile.giveUp()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void shouldLoadTheSameProfileByPath() {
        assertThat(ProfileLoader.load("probes/continuous.yaml")).isEqualTo(ProfileLoader.load("continuous"));
    }

    @Test
    void shouldParseAValidProfileFromAStream() throws IOException {
        ProbeProfile profile = parse(VALID);

        assertThat(profile)
                .isEqualTo(new ProbeProfile(
                        "test",
                        "a test profile",
                        2.5,
                        List.of(128, 2048),
                        "probes/test",
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(5)));
    }

    @ParameterizedTest
    @CsvSource({
        "250ms, PT0.25S",
        "10s, PT10S",
        "5m, PT5M",
        "1h, PT1H",
        "1.5s, PT1.5S",
        "PT10S, PT10S",
        "1d, PT24H",
    })
    void shouldParseDurations(String text, String expected) {
        assertThat(ProfileLoader.parseDuration(text)).isEqualTo(Duration.parse(expected));
    }

    @Test
    void shouldRejectTextThatIsNotADuration() {
        assertThatThrownBy(() -> ProfileLoader.parseDuration("abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'abc' is not a duration");
    }

    @Test
    void shouldReportUnknownField() {
        assertInvalid(VALID + "colour: blue\n").hasMessageContaining("test.yaml: unknown field 'colour'");
    }

    @Test
    void shouldTellAWorkloadProfileApart() {
        assertInvalid("kind: workload\nname: mixed\n")
                .hasMessage("Invalid probe profile:\n  - test.yaml: kind: workload makes this a workload profile"
                        + " (for benchmark runs); a probe profile has no kind");
    }

    @Test
    void shouldReportMissingName() {
        assertInvalid(VALID.replace("name: test\n", "")).hasMessageContaining("test.yaml: name is required");
    }

    @Test
    void shouldReportZeroRate() {
        assertInvalid(VALID.replace("rate-per-second: 2.5", "rate-per-second: 0"))
                .hasMessageContaining("rate-per-second must be a number above 0");
    }

    @Test
    void shouldReportNegativeRate() {
        assertInvalid(VALID.replace("rate-per-second: 2.5", "rate-per-second: -1"))
                .hasMessageContaining("rate-per-second must be a number above 0");
    }

    @Test
    void shouldReportEmptyObjectSizes() {
        assertInvalid(VALID.replace("[128, 2048]", "[]")).hasMessageContaining("object-sizes must be a non-empty list");
    }

    @Test
    void shouldReportObjectSizeBelowTheHeaderRoom() {
        assertInvalid(VALID.replace("[128, 2048]", "[127, 2048]"))
                .hasMessageContaining("object-sizes: 127 must be a whole number of bytes from 128");
    }

    @Test
    void shouldReportKeyPrefixWithLeadingSlash() {
        assertInvalid(VALID.replace("key-prefix: probes/test", "key-prefix: /probes/test"))
                .hasMessageContaining("key-prefix '/probes/test' must be path segments");
    }

    @Test
    void shouldReportKeyPrefixWithTrailingSlash() {
        assertInvalid(VALID.replace("key-prefix: probes/test", "key-prefix: probes/test/"))
                .hasMessageContaining("key-prefix 'probes/test/' must be path segments");
    }

    @Test
    void shouldReportGiveUpNotLongerThanLate() {
        assertInvalid(VALID.replace("give-up: 5m", "give-up: 10s"))
                .hasMessageContaining("thresholds.give-up (PT10S) must be longer than thresholds.late (PT10S)");
    }

    @Test
    void shouldReportMissingThresholds() {
        String withoutThresholds = VALID.substring(0, VALID.indexOf("thresholds:"));

        assertInvalid(withoutThresholds)
                .hasMessageContaining("thresholds.late is required")
                .hasMessageContaining("thresholds.give-up is required");
    }

    @Test
    void shouldReportAThresholdThatIsNotADuration() {
        assertInvalid(VALID.replace("late: 10s", "late: soon"))
                .hasMessageContaining("thresholds.late: 'soon' is not a duration");
    }

    @Test
    void shouldReportSeveralErrorsAtOnce() {
        String yaml = """
                rate-per-second: 0
                object-sizes: []
                key-prefix: /bad
                thresholds:
                  late: 1m
                  give-up: 30s
                """;

        assertInvalid(yaml)
                .hasMessageContaining("name is required")
                .hasMessageContaining("rate-per-second")
                .hasMessageContaining("object-sizes")
                .hasMessageContaining("key-prefix '/bad'")
                .hasMessageContaining("thresholds.give-up");
    }

    @Test
    void shouldReportADocumentThatIsNotAMapping() {
        assertThatThrownBy(() -> parse("- just\n- a list\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("test.yaml: a profile is a YAML mapping");
    }

    @Test
    void shouldNameTheConfigurationKeyWhenTheProfileDoesNotExist() {
        assertThatThrownBy(() -> ProfileLoader.load("no-such-profile"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("syncmeter.probe.profile")
                .hasMessageContaining("no-such-profile");
    }

    private static ProbeProfile parse(String yaml) throws IOException {
        return ProfileLoader.parse("test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String yaml) {
        return assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid probe profile")
                .hasMessageContaining("test.yaml");
    }
}
