package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileSyntaxTest {

    @ParameterizedTest
    @CsvSource({"250ms, PT0.25S", "10s, PT10S", "1.5s, PT1.5S", "5m, PT5M", "1h, PT1H", "1d, PT24H", "PT90S, PT90S"})
    void shouldReadDurationsAsTheConfigurationDoes(String text, String expected) {
        assertThat(ProfileSyntax.duration(text)).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"10", "soon", "1w", "1.5m", "s", "''"})
    void shouldRefuseADurationWithoutAUnitOrNotADuration(String text) {
        assertThat(ProfileSyntax.duration(text)).isEmpty();
    }

    @Test
    void shouldRefuseASizeTooLargeForALong() {
        assertThat(ProfileSyntax.size("9999999999TiB")).isEmpty();
    }

    @Test
    void shouldWriteQuantitiesInTheirLargestWholeUnit() {
        assertThat(ProfileSyntax.size(5L << 30)).isEqualTo("5 GiB");
        assertThat(ProfileSyntax.size(1500)).isEqualTo("1500 B");
        assertThat(ProfileSyntax.size(0)).isEqualTo("0 B");
        assertThat(ProfileSyntax.duration(Duration.ofDays(1))).isEqualTo("24h");
        assertThat(ProfileSyntax.duration(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(ProfileSyntax.duration(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(ProfileSyntax.duration(Duration.ZERO)).isEqualTo("0s");
        assertThat(ProfileSyntax.number(4096)).isEqualTo("4096");
        assertThat(ProfileSyntax.number(0.5)).isEqualTo("0.5");
    }
}
