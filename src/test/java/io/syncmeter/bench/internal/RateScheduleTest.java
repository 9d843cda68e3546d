package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateScheduleTest {

    private static final long MS = 1_000_000L;

    @Test
    void aConstantRateSpacesSlotsEvenlyForEver() {
        RateSchedule s = RateSchedule.constant(200);
        assertThat(s.dueNanos(0)).isZero();
        assertThat(s.dueNanos(1)).isEqualTo(5 * MS);
        assertThat(s.dueNanos(1_000_000)).isEqualTo(5_000_000 * MS);
    }

    @Test
    void stepsStartAtTheirBoundariesWithTheirOwnRatesAndEndAfterTheLast() {
        // warm-up 1 s at 10/s (10 slots), then 2 s at 10/s (20), 2 s at 25/s (50), 2 s at 4/s (8)
        RateSchedule s = RateSchedule.steps(Duration.ofSeconds(1), List.of(10.0, 25.0, 4.0), Duration.ofSeconds(2));
        assertThat(s.dueNanos(9)).isEqualTo(900 * MS);
        assertThat(s.dueNanos(10)).isEqualTo(1_000 * MS);
        assertThat(s.dueNanos(29)).isEqualTo(2_900 * MS);
        assertThat(s.dueNanos(30)).isEqualTo(3_000 * MS);
        assertThat(s.dueNanos(31)).isEqualTo(3_040 * MS);
        assertThat(s.dueNanos(79)).isEqualTo(4_960 * MS);
        assertThat(s.dueNanos(80)).isEqualTo(5_000 * MS);
        assertThat(s.dueNanos(87)).isEqualTo(6_750 * MS);
        assertThat(s.dueNanos(88)).isEqualTo(RateSchedule.NEVER);
        assertThat(s.dueNanos(Long.MAX_VALUE - 1)).isEqualTo(RateSchedule.NEVER);
    }

    @Test
    void dueTimesNeverGoBackAcrossSteps() {
        RateSchedule s = RateSchedule.steps(Duration.ZERO, List.of(7.0, 1.5, 400.0, 0.5), Duration.ofMillis(1_300));
        long last = -1;
        for (long n = 0; s.dueNanos(n) != RateSchedule.NEVER; n++) {
            assertThat(s.dueNanos(n)).as("slot %d", n).isGreaterThan(last).isLessThan(4 * 1_300 * MS);
            last = s.dueNanos(n);
        }
    }

    @Test
    void noRatesOrABadRateIsRefused() {
        assertThatThrownBy(() -> RateSchedule.steps(Duration.ZERO, List.of(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateSchedule.constant(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateSchedule.steps(Duration.ZERO, List.of(1.0), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
