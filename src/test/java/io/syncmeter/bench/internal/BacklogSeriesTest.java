package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BacklogSeriesTest {

    @Test
    void belowItsCapacityEveryRoundIsASample() {
        BacklogSeries s = new BacklogSeries(8);
        for (int i = 0; i < 7; i++) {
            s.add(i, i * 10L);
        }
        assertThat(s.samples())
                .hasSize(7)
                .extracting(ReplicationWatch.BacklogSample::pending)
                .containsExactly(0L, 10L, 20L, 30L, 40L, 50L, 60L);
    }

    @Test
    void aLongRunStaysBoundedAndKeepsItsPeakAndItsLastRound() {
        BacklogSeries s = new BacklogSeries(16);
        // 10,000 rounds: a peak of 999 at round 4,321, then a drain to 0 at the very end
        for (int i = 0; i < 10_000; i++) {
            s.add(i * 0.25, i == 4_321 ? 999 : i == 9_999 ? 0 : 5);
        }
        List<ReplicationWatch.BacklogSample> samples = s.samples();
        assertThat(samples.size()).isLessThanOrEqualTo(16 + 2);
        assertThat(samples).extracting(ReplicationWatch.BacklogSample::pending).contains(999L);
        assertThat(samples.get(samples.size() - 1)).isEqualTo(new ReplicationWatch.BacklogSample(9_999 * 0.25, 0));
        // in time order, from the first round
        assertThat(samples.get(0).seconds()).isZero();
        for (int i = 1; i < samples.size(); i++) {
            assertThat(samples.get(i).seconds())
                    .isGreaterThan(samples.get(i - 1).seconds());
        }
        // the peak's sample starts at or before the peak and the next one after it
        int peak = samples.stream()
                .map(ReplicationWatch.BacklogSample::pending)
                .toList()
                .indexOf(999L);
        assertThat(samples.get(peak).seconds()).isLessThanOrEqualTo(4_321 * 0.25);
        assertThat(samples.get(peak + 1).seconds()).isGreaterThan(4_321 * 0.25);
    }
}
