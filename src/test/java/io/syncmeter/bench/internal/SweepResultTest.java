package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SweepResultTest {

    private static final double MAX_LAG = 2.0;

    // n lags evenly from lo to hi seconds
    private static Histogram lags(long n, double lo, double hi) {
        Histogram h = new Histogram(3);
        for (long i = 0; i < n; i++) {
            h.recordValue((long) ((lo + (hi - lo) * i / Math.max(1, n - 1)) * 1e9));
        }
        return h;
    }

    @Test
    void aStepWithBoundedLagAndAFlatBacklogKeepsUp() {
        SweepResult.Step s = SweepResult.judge(50, 10, 500, lags(500, 0.2, 0.9), 0, 20, 30, 35, MAX_LAG);
        assertThat(s.keptUp()).isTrue();
        assertThat(s.reason()).isNull();
        assertThat(s.writeRate()).isEqualTo(50);
        assertThat(s.p99Seconds()).isBetween(0.85, 0.91);
        assertThat(s.lag().count()).isEqualTo(500);
    }

    @Test
    void aP99AtOrAboveMaxLagDoesNotKeepUp() {
        SweepResult.Step s = SweepResult.judge(50, 10, 500, lags(500, 0.5, 3.0), 0, 0, 0, 0, MAX_LAG);
        assertThat(s.keptUp()).isFalse();
        assertThat(s.reason()).contains("p99 lag").contains("max-lag 2 s");
    }

    @Test
    void theMissingCountAsEndlessLag() {
        // 1 % missing: the p99 is the last replicated lag; 2 % missing: endless
        SweepResult.Step one = SweepResult.judge(100, 10, 1000, lags(990, 0.1, 0.5), 10, 0, 0, 0, MAX_LAG);
        assertThat(one.keptUp()).isTrue();
        assertThat(one.p99Seconds()).isBetween(0.49, 0.51);
        SweepResult.Step two = SweepResult.judge(100, 10, 1000, lags(980, 0.1, 0.5), 20, 0, 0, 0, MAX_LAG);
        assertThat(two.keptUp()).isFalse();
        assertThat(two.p99Seconds()).isEqualTo(-1);
        assertThat(two.reason()).contains("20 of 1000 writes never seen");
    }

    @Test
    void aGrowingBacklogDoesNotKeepUpEvenWithLagUnderTheBound() {
        SweepResult.Step s = SweepResult.judge(50, 10, 500, lags(500, 0.1, 1.5), 0, 10, 40, 200, MAX_LAG);
        assertThat(s.keptUp()).isFalse();
        assertThat(s.reason()).contains("backlog grew from 40 to 200");
    }

    @Test
    void aWriterThatFellShortIsNamedAsTheLimit() {
        SweepResult.Step s = SweepResult.judge(100, 10, 700, lags(700, 0.1, 0.2), 0, 0, 0, 0, MAX_LAG);
        assertThat(s.keptUp()).isFalse();
        assertThat(s.reason()).contains("the writer made 70 writes/s of 100");
        assertThat(SweepResult.judge(100, 10, 0, new Histogram(3), 0, 0, 0, 0, MAX_LAG)
                        .keptUp())
                .isFalse();
    }

    @Test
    void theKneeIsTheLastStepKeptUpWithBeforeTheFirstThatWasNot() {
        SweepResult.Step ok25 = SweepResult.judge(25, 10, 250, lags(250, 0.1, 0.3), 0, 0, 5, 6, MAX_LAG);
        SweepResult.Step ok50 = SweepResult.judge(50, 10, 500, lags(500, 0.1, 0.4), 0, 6, 12, 14, MAX_LAG);
        SweepResult.Step bad75 = SweepResult.judge(75, 10, 750, lags(750, 0.5, 5), 0, 14, 100, 300, MAX_LAG);
        // a later step that happens to pass does not move the knee past a miss
        SweepResult.Step ok100 = SweepResult.judge(100, 10, 1000, lags(1000, 0.1, 0.4), 0, 0, 0, 0, MAX_LAG);

        SweepResult sweep = SweepResult.of(MAX_LAG, 10, List.of(ok25, ok50, bad75, ok100));
        assertThat(sweep.kneeRate()).isEqualTo(50.0);
        assertThat(sweep.firstMissedRate()).isEqualTo(75.0);
        assertThat(sweep.kneeAtLeast()).isFalse();

        SweepResult all = SweepResult.of(MAX_LAG, 10, List.of(ok25, ok50));
        assertThat(all.kneeRate()).isEqualTo(50.0);
        assertThat(all.kneeAtLeast()).isTrue();
        assertThat(all.firstMissedRate()).isNull();

        SweepResult none = SweepResult.of(MAX_LAG, 10, List.of(bad75, ok100));
        assertThat(none.kneeRate()).isNull();
        assertThat(none.firstMissedRate()).isEqualTo(75.0);
        assertThat(none.kneeAtLeast()).isFalse();
    }
}
