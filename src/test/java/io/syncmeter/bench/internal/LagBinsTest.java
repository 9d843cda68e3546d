package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LagBinsTest {

    @Test
    void binsDoubleFromOneMillisecondAndHoldEveryLagOnce() {
        Histogram lag = new Histogram(3);
        lag.recordValue(500_000L); // 0.5 ms
        lag.recordValueWithCount(3_000_000L, 10); // 3 ms
        lag.recordValueWithCount(1_500_000_000L, 4); // 1.5 s
        var bins = ReplicationWatch.bins(lag);

        assertThat(bins.stream().mapToLong(ReplicationWatch.LagBin::count).sum())
                .isEqualTo(15);
        assertThat(bins.get(0).upToSeconds()).isBetween(0.00099, 0.00101);
        assertThat(bins.get(0).count()).isEqualTo(1);
        for (int i = 1; i < bins.size(); i++) {
            assertThat(bins.get(i).upToSeconds() / bins.get(i - 1).upToSeconds())
                    .isBetween(1.99, 2.01);
        }
        // 3 ms lies in the bin up to 4 ms, 1.5 s in the one up to 2.048 s, the last
        assertThat(bins.get(2).count()).isEqualTo(10);
        assertThat(bins.get(bins.size() - 1).upToSeconds()).isBetween(2.04, 2.06);
        assertThat(bins.get(bins.size() - 1).count()).isEqualTo(4);
        assertThat(ReplicationWatch.bins(new Histogram(3))).isEmpty();
    }
}
