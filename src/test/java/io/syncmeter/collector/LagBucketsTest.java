package io.syncmeter.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LagBucketsTest {

    @ParameterizedTest
    @ValueSource(strings = {"PT60S", "PT5M", "PT7S", "PT24H", "PT48H"})
    void shouldStartAtFiveMillisecondsAndEndExactlyAtGiveUp(String giveUpText) {
        Duration giveUp = Duration.parse(giveUpText);

        Duration[] buckets = LagBuckets.upTo(giveUp);

        assertThat(buckets[0]).isEqualTo(Duration.ofMillis(5));
        assertThat(buckets[buckets.length - 1]).isEqualTo(giveUp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT60S", "PT5M", "PT7S", "PT24H", "PT48H"})
    void shouldHaveStrictlyIncreasingBounds(String giveUpText) {
        Duration[] buckets = LagBuckets.upTo(Duration.parse(giveUpText));

        assertThat(buckets).isSortedAccordingTo(Duration::compareTo).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT60S", "PT5M", "PT7S"})
    void shouldNotExceedGiveUp(String giveUpText) {
        Duration giveUp = Duration.parse(giveUpText);

        assertThat(LagBuckets.upTo(giveUp)).allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(giveUp));
    }

    @Test
    void shouldUseTheStandardBoundsBelowGiveUp() {
        assertThat(LagBuckets.upTo(Duration.ofSeconds(7)))
                .containsExactly(
                        Duration.ofMillis(5),
                        Duration.ofMillis(10),
                        Duration.ofMillis(25),
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofMillis(2500),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(7));
    }

    @Test
    void shouldNotRepeatGiveUpWhenItIsAStandardBound() {
        Duration[] buckets = LagBuckets.upTo(Duration.ofSeconds(60));

        assertThat(buckets).endsWith(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @Test
    void shouldPlaceABoundExactlyOnEveryWatchedThreshold() {
        Duration[] buckets = LagBuckets.upTo(
                Duration.ofMinutes(20),
                java.util.List.of(Duration.ofMillis(1500), Duration.ofMinutes(15), Duration.ofSeconds(60)));

        assertThat(buckets)
                .contains(Duration.ofMillis(1500), Duration.ofMinutes(15), Duration.ofSeconds(60))
                .isSortedAccordingTo(Duration::compareTo)
                .doesNotHaveDuplicates();
        assertThat(buckets[buckets.length - 1]).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void shouldRefuseANonPositiveThreshold() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> LagBuckets.upTo(Duration.ofMinutes(5), java.util.List.of(Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }
}
