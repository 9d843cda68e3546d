package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.sync.internal.ResyncSchedule.Trigger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResyncScheduleTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long SECOND = 1000;

    @Test
    void shouldRunOnceAtStartThenEveryInterval() {
        ResyncSchedule s = new ResyncSchedule(Duration.ofHours(6), true);
        assertThat(s.due(0)).isEqualTo(Trigger.START);
        s.ended(true, 10 * SECOND);
        assertThat(s.due(10 * SECOND)).isNull();
        assertThat(s.due(6 * HOUR - 1)).isNull();
        assertThat(s.due(6 * HOUR)).isEqualTo(Trigger.INTERVAL);
        assertThat(s.due(6 * HOUR + SECOND)).as("taken once").isNull();
        assertThat(s.due(12 * HOUR)).isEqualTo(Trigger.INTERVAL);
    }

    @Test
    void shouldNotRunAtStartWhenNotAskedToButStillEveryInterval() {
        ResyncSchedule s = new ResyncSchedule(Duration.ofHours(6), false);
        assertThat(s.due(0)).isNull();
        assertThat(s.due(HOUR)).isNull();
        assertThat(s.due(6 * HOUR)).isEqualTo(Trigger.INTERVAL);
    }

    @Test
    void shouldRetryAFailedStartUpRunWithADoublingBackoffInsteadOfWaitingForTheInterval() {
        ResyncSchedule s = new ResyncSchedule(Duration.ofHours(6), true);
        assertThat(s.due(0)).isEqualTo(Trigger.START);
        long now = 84 * SECOND;
        s.ended(false, now);
        assertThat(s.failures()).isEqualTo(1);
        assertThat(s.next()).isEqualTo(now + 30 * SECOND);
        assertThat(s.due(now + 29 * SECOND)).isNull();
        now += 30 * SECOND;
        assertThat(s.due(now)).isEqualTo(Trigger.RETRY);

        long[] delays = new long[7];
        for (int i = 0; i < delays.length; i++) {
            now += 5 * SECOND;
            s.ended(false, now);
            delays[i] = (s.next() - now) / SECOND;
            now = s.next();
            assertThat(s.due(now)).isEqualTo(Trigger.RETRY);
        }
        // failures 2 to 8: doubling from 60 s, then held at 15 min
        assertThat(delays).containsExactly(60, 120, 240, 480, 900, 900, 900);

        s.ended(true, now + SECOND);
        assertThat(s.failures()).isZero();
        assertThat(s.next())
                .as("back on the interval, counted from the last run's start")
                .isEqualTo(now + 6 * HOUR);
        assertThat(s.due(now + HOUR)).isNull();
        assertThat(s.due(now + 6 * HOUR)).isEqualTo(Trigger.INTERVAL);
    }

    @Test
    void shouldNotPutTheNextIntervalOffWhenARetryWouldComeLater() {
        ResyncSchedule s = new ResyncSchedule(Duration.ofMinutes(1), true);
        assertThat(s.due(0)).isEqualTo(Trigger.START);
        s.ended(false, 10 * SECOND);
        assertThat(s.next()).as("the retry at 40 s, before the interval's 60 s").isEqualTo(40 * SECOND);
        assertThat(s.due(40 * SECOND)).isEqualTo(Trigger.RETRY);
        s.ended(false, 50 * SECOND);
        assertThat(s.backoff(2)).as("never longer than the interval").isEqualTo(Duration.ofMinutes(1));
        assertThat(s.next()).isEqualTo(100 * SECOND);
    }

    @Test
    void shouldRetryAFailedStartUpRunEvenWhenPeriodicRunsAreOff() {
        ResyncSchedule s = new ResyncSchedule(Duration.ZERO, true);
        assertThat(s.due(0)).isEqualTo(Trigger.START);
        assertThat(s.next()).isEqualTo(Long.MAX_VALUE);
        s.ended(false, SECOND);
        assertThat(s.due(31 * SECOND)).isEqualTo(Trigger.RETRY);
        s.ended(true, 40 * SECOND);
        assertThat(s.next()).as("never again").isEqualTo(Long.MAX_VALUE);
        assertThat(s.due(1000 * HOUR)).isNull();
    }

    @Test
    void shouldNameEachTriggerByItsWordAndNoneForARequestedRun() {
        for (Trigger t : Trigger.values()) {
            assertThat(Trigger.of(t.word())).isEqualTo(t);
        }
        assertThat(Trigger.of("request")).isNull();
        assertThat(Trigger.of("api")).isNull();
    }
}
