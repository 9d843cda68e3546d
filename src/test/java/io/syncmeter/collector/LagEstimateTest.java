package io.syncmeter.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LagEstimateTest {

    private static final Instant ACKED = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void shouldBoundLagBetweenLastAbsentListingAndSeenListing() {
        LagEstimate lag = LagEstimate.of(ACKED, ACKED.plusMillis(300), ACKED.plusMillis(500));

        assertThat(lag.lower()).isEqualTo(Duration.ofMillis(300));
        assertThat(lag.upper()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void shouldClampLowerBoundToZeroWhenLastAbsentListingWasBeforeTheAck() {
        LagEstimate lag = LagEstimate.of(ACKED, ACKED.minusMillis(40), ACKED.plusMillis(100));

        assertThat(lag.lower()).isEqualTo(Duration.ZERO);
        assertThat(lag.upper()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void shouldNeverLetUpperBoundFallBelowLowerBound() {
        LagEstimate lag = LagEstimate.of(ACKED, ACKED.plusMillis(200), ACKED.plusMillis(150));

        assertThat(lag.upper()).isEqualTo(lag.lower()).isEqualTo(Duration.ofMillis(200));
        assertThat(lag.resolution()).isEqualTo(Duration.ZERO);
    }

    @Test
    void shouldClampBothBoundsToZeroWhenSeenBeforeTheAck() {
        LagEstimate lag = LagEstimate.of(ACKED, ACKED.minusMillis(30), ACKED.minusMillis(10));

        assertThat(lag.lower()).isEqualTo(Duration.ZERO);
        assertThat(lag.upper()).isEqualTo(Duration.ZERO);
        assertThat(lag.estimate()).isEqualTo(Duration.ZERO);
    }

    @Test
    void shouldEstimateTheMiddleOfTheInterval() {
        LagEstimate lag = LagEstimate.of(ACKED, ACKED.plusMillis(300), ACKED.plusMillis(500));

        assertThat(lag.estimate()).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void shouldReportTheIntervalWidthAsResolution() {
        LagEstimate lag = LagEstimate.of(ACKED, ACKED.plusMillis(300), ACKED.plusMillis(500));

        assertThat(lag.resolution()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void shouldCountReplicatedWhenEstimateIsBelowLateThreshold() {
        LagEstimate lag = new LagEstimate(Duration.ofSeconds(8), Duration.ofSeconds(9));

        assertThat(lag.classify(Duration.ofSeconds(10))).isEqualTo(Outcome.REPLICATED);
    }

    @Test
    void shouldCountReplicatedWhenEstimateEqualsLateThreshold() {
        LagEstimate lag = new LagEstimate(Duration.ofSeconds(9), Duration.ofSeconds(11));

        assertThat(lag.estimate()).isEqualTo(Duration.ofSeconds(10));
        assertThat(lag.classify(Duration.ofSeconds(10))).isEqualTo(Outcome.REPLICATED);
    }

    @Test
    void shouldCountLateWhenLagExceedsThreshold() {
        LagEstimate lag =
                new LagEstimate(Duration.ofSeconds(10), Duration.ofSeconds(10).plusNanos(2));

        assertThat(lag.classify(Duration.ofSeconds(10))).isEqualTo(Outcome.LATE);
    }

    @Test
    void shouldClassifyByEstimateNotByUpperBound() {
        LagEstimate lag = new LagEstimate(Duration.ofSeconds(6), Duration.ofSeconds(12));

        assertThat(lag.classify(Duration.ofSeconds(10))).isEqualTo(Outcome.REPLICATED);
    }
}
