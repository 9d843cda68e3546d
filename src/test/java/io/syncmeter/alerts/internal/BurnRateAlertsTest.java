package io.syncmeter.alerts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.alerts.internal.BurnRateAlerts.Alert;
import io.syncmeter.alerts.internal.BurnRateAlerts.Pair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurnRateAlertsTest {

    private static final Duration MIN = Duration.ofMinutes(1);

    @Test
    void shouldUseTheWorkbooksWindowsForThirtyDays() {
        List<Alert> alerts = BurnRateAlerts.forPeriod(Duration.ofDays(30), MIN);

        assertThat(alerts).extracting(Alert::severity).containsExactly("page", "ticket");
        assertThat(alerts.get(0).pairs())
                .containsExactly(
                        new Pair(Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
                        new Pair(Duration.ofHours(6), Duration.ofMinutes(30), 6));
        assertThat(alerts.get(1).pairs())
                .containsExactly(
                        new Pair(Duration.ofDays(1), Duration.ofHours(2), 3),
                        new Pair(Duration.ofDays(3), Duration.ofHours(6), 1));
        assertThat(alerts.get(0).forDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(alerts.get(1).forDuration()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void shouldScaleTheWindowsAndTheHoldWithThePeriod() {
        // 12 h is 1/60 of 30 days: 1 h -> 60 s, 5 min -> 5 s, 2 min hold -> 2 s
        List<Alert> alerts = BurnRateAlerts.forPeriod(Duration.ofHours(12), Duration.ofSeconds(5));

        assertThat(alerts.get(0).pairs().get(0))
                .isEqualTo(new Pair(Duration.ofSeconds(60), Duration.ofSeconds(5), 14.4));
        assertThat(alerts.get(0).forDuration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(alerts.get(1).pairs().get(1))
                .isEqualTo(new Pair(Duration.ofHours(1).plusMinutes(12), Duration.ofMinutes(6), 1));
    }

    @Test
    void shouldClampToTheMinimumWindowAndKeepTheLowerFactorOfPairsThatCollapse() {
        List<Alert> alerts = BurnRateAlerts.forPeriod(Duration.ofMinutes(5), MIN);

        assertThat(alerts.get(0).pairs()).containsExactly(new Pair(MIN, MIN, 6));
        assertThat(alerts.get(1).pairs()).containsExactly(new Pair(MIN, MIN, 1));
        assertThat(alerts.get(0).forDuration()).isZero();
        assertThat(BurnRateAlerts.windows(Duration.ofMinutes(5), MIN)).containsExactly(MIN);
    }

    @Test
    void shouldNeverUseAWindowLongerThanThePeriod() {
        List<Alert> alerts = BurnRateAlerts.forPeriod(Duration.ofDays(1), MIN);

        assertThat(alerts.get(1).pairs())
                .allSatisfy(p -> assertThat(p.longWindow()).isLessThanOrEqualTo(Duration.ofDays(1)));
        assertThat(BurnRateAlerts.windows(Duration.ofDays(30), MIN))
                .extracting(BurnRateAlerts::promDuration)
                .containsExactly("5m", "30m", "1h", "2h", "6h", "1d", "3d");
    }

    @Test
    void shouldWriteDurationsAsPrometheusDoes() {
        assertThat(BurnRateAlerts.promDuration(Duration.ofSeconds(8640))).isEqualTo("2h24m");
        assertThat(BurnRateAlerts.promDuration(Duration.ofDays(3))).isEqualTo("3d");
        assertThat(BurnRateAlerts.promDuration(Duration.ofSeconds(65))).isEqualTo("1m5s");
        assertThat(BurnRateAlerts.promDuration(Duration.ZERO)).isEqualTo("0s");
    }
}
