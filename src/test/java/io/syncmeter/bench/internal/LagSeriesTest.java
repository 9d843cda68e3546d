package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LagSeriesTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void shouldGiveTheLagsOfEachSecondByWhenTheObjectsWereWritten() {
        LagSeries s = new LagSeries(8);
        // second 0: 100 objects of 10 ms; second 2: 100 of 10..1000 ms (a burst); none in second 1
        for (int i = 0; i < 100; i++) {
            s.add(i * 10 * MS, 10 * MS);
            s.add(2 * SECOND + i * 10 * MS, (i + 1) * 10 * MS);
        }

        List<ReplicationWatch.LagPoint> points = s.points();

        assertThat(points).extracting(ReplicationWatch.LagPoint::seconds).containsExactly(0.0, 2.0);
        assertThat(points).extracting(ReplicationWatch.LagPoint::widthSeconds).containsOnly(1.0);
        assertThat(points).extracting(ReplicationWatch.LagPoint::count).containsExactly(100L, 100L);
        assertThat(points.get(0).p99()).isCloseTo(0.010, within(0.0002));
        assertThat(points.get(1).p50()).isCloseTo(0.500, within(0.01));
        assertThat(points.get(1).p99()).isCloseTo(0.990, within(0.01));
        assertThat(points.get(1).max()).isCloseTo(1.000, within(0.01));
    }

    @Test
    void shouldStayBoundedOnALongRunAndLoseNoLag() {
        LagSeries s = new LagSeries(8);
        // 100 s, an object every 100 ms, each lag 5 ms but one of 7 s written at 63.3 s
        for (int i = 0; i < 1000; i++) {
            s.add(i * 100 * MS, i == 633 ? 7 * SECOND : 5 * MS);
        }

        List<ReplicationWatch.LagPoint> points = s.points();

        // 8 intervals cover 100 s from 16 s each on
        assertThat(points)
                .hasSize(7)
                .extracting(ReplicationWatch.LagPoint::widthSeconds)
                .containsOnly(16.0);
        assertThat(points.stream().mapToLong(ReplicationWatch.LagPoint::count).sum())
                .isEqualTo(1000);
        ReplicationWatch.LagPoint slow =
                points.stream().filter(p -> p.max() > 1).findFirst().orElseThrow();
        assertThat(slow.seconds()).isEqualTo(48.0);
        assertThat(slow.max()).isCloseTo(7.0, within(0.1));
        assertThat(points)
                .filteredOn(p -> p != slow)
                .allSatisfy(p -> assertThat(p.max()).isLessThan(0.006));
    }

    @Test
    void shouldTakeAWriteBeforeTheWatchStartedAsAtItsStart() {
        LagSeries s = new LagSeries(8);
        s.add(-3 * SECOND, 4 * SECOND);

        assertThat(s.points()).singleElement().satisfies(p -> {
            assertThat(p.seconds()).isZero();
            assertThat(p.max()).isCloseTo(4.0, within(0.05));
        });
    }

    @Test
    void shouldRefuseAnOddCapacity() {
        assertThatThrownBy(() -> new LagSeries(7)).isInstanceOf(IllegalArgumentException.class);
    }
}
