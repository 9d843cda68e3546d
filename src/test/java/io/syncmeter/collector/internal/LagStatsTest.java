package io.syncmeter.collector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.syncmeter.collector.LagDistribution;
import io.syncmeter.collector.LagEstimate;
import io.syncmeter.collector.LagFigures;
import io.syncmeter.collector.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LagStatsTest {

    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");
    /** HdrHistogram with 3 significant digits: values are exact to 1 part in 1000. */
    private static final double PRECISION = 0.001;

    private final LagStats stats = new LagStats(START);

    @Test
    void shouldStartWithEmptyDistributionsAndZeroCounts() {
        LagFigures s = stats.snapshot();

        assertThat(s.lastInterval().count()).isZero();
        assertThat(s.lastInterval().p50()).isNull();
        assertThat(s.sinceStart().count()).isZero();
        assertThat(s.sinceStart().max()).isNull();
        assertThat(s.outcomes())
                .containsOnlyKeys(Outcome.values())
                .allSatisfy((o, n) -> assertThat(n).isZero());
        assertThat(s.lastIntervalResolution()).isEqualTo(Duration.ZERO);
        assertThat(s.lastIntervalStart()).isEqualTo(START);
        assertThat(s.lastIntervalEnd()).isEqualTo(START);
    }

    @Test
    void shouldKeepRecordedLagsOutOfTheLastIntervalUntilItRolls() {
        stats.record(lag(200, 0));

        assertThat(stats.snapshot().lastInterval().count()).isZero();
        assertThat(stats.snapshot().sinceStart().count()).isEqualTo(1);
    }

    @Test
    void shouldMoveFiguresIntoTheLastIntervalOnRoll() {
        Instant end = START.plusSeconds(10);
        stats.record(lag(200, 0));
        stats.record(lag(400, 0));

        stats.rollInterval(end);

        LagFigures s = stats.snapshot();
        assertThat(s.lastInterval().count()).isEqualTo(2);
        assertThat(s.lastInterval().max()).isCloseTo(0.4, within(0.4 * PRECISION));
        assertThat(s.lastIntervalStart()).isEqualTo(START);
        assertThat(s.lastIntervalEnd()).isEqualTo(end);
    }

    @Test
    void shouldResetTheCurrentIntervalOnRoll() {
        stats.record(lag(200, 0));
        stats.rollInterval(START.plusSeconds(10));

        stats.rollInterval(START.plusSeconds(20));

        LagFigures s = stats.snapshot();
        assertThat(s.lastInterval().count()).isZero();
        assertThat(s.lastIntervalStart()).isEqualTo(START.plusSeconds(10));
        assertThat(s.lastIntervalEnd()).isEqualTo(START.plusSeconds(20));
    }

    @Test
    void shouldKeepOnlyTheNewestIntervalOverManyRolls() {
        for (int i = 1; i <= 5; i++) {
            for (int n = 0; n < i; n++) {
                stats.record(lag(100L * i, 0));
            }
            stats.rollInterval(START.plusSeconds(10L * i));
        }

        LagFigures s = stats.snapshot();
        assertThat(s.lastInterval().count()).isEqualTo(5);
        assertThat(s.lastInterval().p50()).isCloseTo(0.5, within(0.5 * PRECISION));
        assertThat(s.lastIntervalStart()).isEqualTo(START.plusSeconds(40));
        assertThat(s.sinceStart().count()).isEqualTo(1 + 2 + 3 + 4 + 5);
    }

    @Test
    void shouldAccumulateSinceStartAcrossIntervals() {
        stats.record(lag(100, 0));
        stats.rollInterval(START.plusSeconds(10));
        stats.record(lag(300, 0));
        stats.record(lag(500, 0));
        stats.rollInterval(START.plusSeconds(20));
        stats.record(lag(700, 0));

        LagDistribution sinceStart = stats.snapshot().sinceStart();
        assertThat(sinceStart.count()).isEqualTo(4);
        assertThat(sinceStart.max()).isCloseTo(0.7, within(0.7 * PRECISION));
    }

    @Test
    void shouldReportPercentilesInSecondsWithinHistogramPrecision() {
        for (int i = 0; i < 1000; i++) {
            stats.record(lag(200, 0));
        }
        stats.rollInterval(START.plusSeconds(10));

        LagDistribution d = stats.snapshot().lastInterval();
        Offset<Double> precision = within(0.2 * PRECISION);
        assertThat(d.count()).isEqualTo(1000);
        assertThat(d.p50()).isCloseTo(0.2, precision);
        assertThat(d.p90()).isCloseTo(0.2, precision);
        assertThat(d.p99()).isCloseTo(0.2, precision);
        assertThat(d.p999()).isCloseTo(0.2, precision);
        assertThat(d.max()).isCloseTo(0.2, precision);
    }

    @Test
    void shouldPlacePercentilesOfASpreadOfLags() {
        // 1 ms .. 1000 ms, one sample each
        for (int ms = 1; ms <= 1000; ms++) {
            stats.record(lag(ms, 0));
        }

        LagDistribution d = stats.snapshot().sinceStart();
        assertThat(d.p50()).isCloseTo(0.500, within(0.500 * PRECISION));
        assertThat(d.p90()).isCloseTo(0.900, within(0.900 * PRECISION));
        assertThat(d.p99()).isCloseTo(0.990, within(0.990 * PRECISION));
        assertThat(d.max()).isCloseTo(1.000, within(1.000 * PRECISION));
    }

    @Test
    void shouldRecordTheEstimateNotTheUpperBound() {
        // lower 100 ms, upper 300 ms: estimate 200 ms
        stats.record(new LagEstimate(Duration.ofMillis(100), Duration.ofMillis(300)));

        assertThat(stats.snapshot().sinceStart().max()).isCloseTo(0.2, within(0.2 * PRECISION));
    }

    @Test
    void shouldCountOutcomes() {
        stats.count(Outcome.REPLICATED);
        stats.count(Outcome.REPLICATED);
        stats.count(Outcome.LATE);
        stats.count(Outcome.MISSING);
        stats.count(Outcome.DUPLICATE);
        stats.count(Outcome.DUPLICATE);
        stats.count(Outcome.DUPLICATE);

        assertThat(stats.snapshot().outcomes())
                .containsEntry(Outcome.REPLICATED, 2L)
                .containsEntry(Outcome.LATE, 1L)
                .containsEntry(Outcome.MISSING, 1L)
                .containsEntry(Outcome.CORRUPT, 0L)
                .containsEntry(Outcome.DUPLICATE, 3L);
    }

    @Test
    void shouldKeepOutcomeCountsAcrossRolls() {
        stats.count(Outcome.LATE);
        stats.rollInterval(START.plusSeconds(10));
        stats.count(Outcome.LATE);

        assertThat(stats.snapshot().outcomes()).containsEntry(Outcome.LATE, 2L);
    }

    @Test
    void shouldReportTheWidestResolutionOfTheLastInterval() {
        stats.record(lag(200, 50));
        stats.record(lag(300, 120));
        stats.record(lag(400, 80));

        assertThat(stats.lastIntervalResolution()).isEqualTo(Duration.ZERO);
        stats.rollInterval(START.plusSeconds(10));

        assertThat(stats.lastIntervalResolution()).isEqualTo(Duration.ofMillis(120));
        assertThat(stats.snapshot().lastIntervalResolution()).isEqualTo(Duration.ofMillis(120));
    }

    @Test
    void shouldTakeEachIntervalsOwnResolutionAndKeepTheLastKnownOverAnEmptyInterval() {
        stats.record(lag(300, 120));
        stats.rollInterval(START.plusSeconds(10));
        stats.record(lag(300, 30));
        stats.rollInterval(START.plusSeconds(20));

        assertThat(stats.lastIntervalResolution()).isEqualTo(Duration.ofMillis(30));

        // an interval without samples says nothing about resolution
        stats.rollInterval(START.plusSeconds(30));

        assertThat(stats.lastIntervalResolution()).isEqualTo(Duration.ofMillis(30));

        stats.record(lag(300, 80));
        stats.rollInterval(START.plusSeconds(40));

        assertThat(stats.lastIntervalResolution()).isEqualTo(Duration.ofMillis(80));
    }

    @Test
    void shouldReportNoResolutionBeforeTheFirstSample() {
        stats.rollInterval(START.plusSeconds(10));

        assertThat(stats.lastIntervalResolution()).isEqualTo(Duration.ZERO);
    }

    /** A lag whose estimate is {@code estimateMillis} and whose interval is {@code resolutionMillis} wide. */
    private static LagEstimate lag(long estimateMillis, long resolutionMillis) {
        Duration half = Duration.ofMillis(resolutionMillis).dividedBy(2);
        Duration estimate = Duration.ofMillis(estimateMillis);
        return new LagEstimate(estimate.minus(half), estimate.plus(half));
    }
}
