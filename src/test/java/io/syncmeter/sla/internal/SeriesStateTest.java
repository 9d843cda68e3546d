package io.syncmeter.sla.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.sla.Offender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesStateTest {

    private static final Instant H = Instant.parse("2026-12-01T10:00:00Z");

    private final SeriesState state = new SeriesState("me", 3);

    @Test
    void shouldSumGoodAndTotalOverAWindowAtMinuteGranularity() {
        state.count(H.plusSeconds(5), true, null);
        state.count(H.plusSeconds(65), false, null);
        state.count(H.plus(Duration.ofMinutes(59)), true, null);
        state.count(H.plus(Duration.ofMinutes(61)), true, null);

        assertThat(state.sum(H, H.plus(Duration.ofMinutes(2)))).containsExactly(1, 2);
        assertThat(state.sum(H.plusSeconds(60), H.plus(Duration.ofMinutes(90)))).containsExactly(2, 3);
        assertThat(state.sum(H, H.plus(Duration.ofHours(3)))).containsExactly(3, 4);
        assertThat(state.sum(H.plus(Duration.ofHours(2)), H.plus(Duration.ofHours(3))))
                .containsExactly(0, 0);
    }

    @Test
    void shouldAddOtherInstancesRecordsAndReplaceThemWithTheirNewerOnes() {
        state.count(H.plusSeconds(10), true, null);
        state.replace(record("other", H, 5, 7));
        assertThat(state.sum(H, H.plusSeconds(59))).containsExactly(6, 8);

        state.replace(record("other", H, 9, 10));

        assertThat(state.sum(H, H.plusSeconds(59))).containsExactly(10, 11);
    }

    @Test
    void shouldNeverReplaceItsOwnCountsWithARecordReadBack() {
        state.count(H.plusSeconds(10), true, null);
        state.count(H.plusSeconds(11), true, null);

        state.replace(record("me", H, 1, 1));

        assertThat(state.sum(H, H.plusSeconds(59))).containsExactly(2, 2);
    }

    @Test
    void shouldPublishOnlyTheHoursThatChangedSinceTheLastFlush() {
        state.count(H.plusSeconds(10), true, null);
        state.count(H.plus(Duration.ofMinutes(70)), false, null);

        List<StateRecord> first = state.drainChanged("o", "dc1", "dc2", H.plus(Duration.ofMinutes(71)));

        assertThat(first).extracting(StateRecord::hour).containsExactlyInAnyOrder(H, H.plus(Duration.ofHours(1)));
        assertThat(first)
                .allSatisfy(r -> assertThat(r.key()).startsWith("o|dc1|dc2|").endsWith("|me"));
        assertThat(state.drainChanged("o", "dc1", "dc2", H)).isEmpty();
        state.count(H.plus(Duration.ofMinutes(72)), true, null);
        assertThat(state.drainChanged("o", "dc1", "dc2", H)).singleElement().satisfies(r -> {
            assertThat(r.hour()).isEqualTo(H.plus(Duration.ofHours(1)));
            assertThat(r.good()[12]).isEqualTo(1);
            assertThat(r.total()[10]).isEqualTo(1);
        });
        state.markChanged(H.plusSeconds(1800));
        assertThat(state.drainChanged("o", "dc1", "dc2", H))
                .extracting(StateRecord::hour)
                .containsExactly(H);
    }

    @Test
    void shouldRestoreAnEarlierRunOfItselfAsAnotherInstance() {
        SeriesState earlier = new SeriesState("run1", 3);
        earlier.count(H.plusSeconds(1), false, null);
        earlier.count(H.plusSeconds(2), true, null);
        StateRecord r = earlier.drainChanged("o", "dc1", "dc2", H).get(0);

        state.replace(r);
        state.count(H.plusSeconds(3), true, null);

        assertThat(state.sum(H, H.plusSeconds(30))).containsExactly(2, 3);
    }

    @Test
    void shouldKeepTheWorstOffendersPerHourOnePerKey() {
        state.count(H, true, offender("a", "replicated", 1.0, H));
        state.count(H, true, offender("b", "replicated", 3.0, H));
        state.count(H, false, offender("c", "missed", null, H));
        state.count(H, true, offender("d", "replicated", 2.0, H));
        state.offer(H.plusSeconds(1), offender("c", "late", 40.0, H.plusSeconds(1)));
        state.count(H, true, offender("e", "replicated", 0.5, H));

        assertThat(state.worst(H, H.plusSeconds(60), 10))
                .extracting(Offender::probeKey)
                .containsExactly("c", "b", "d");
        assertThat(state.worst(H, H.plusSeconds(60), 10).get(0).outcome()).isEqualTo("late");
        assertThat(state.worst(H, H.plusSeconds(60), 2)).hasSize(2);
    }

    @Test
    void shouldPutNeverSeenProbesFirst() {
        state.count(H, true, offender("slow", "replicated", 500.0, H));
        state.count(H, false, offender("gone", "missing", null, H));

        assertThat(state.worst(H, H.plusSeconds(60), 10))
                .extracting(Offender::probeKey)
                .containsExactly("gone", "slow");
    }

    @Test
    void shouldForgetHoursOlderThanTheLongestPeriod() {
        state.count(H, true, null);
        state.count(H.plus(Duration.ofHours(5)), true, null);

        state.prune(H.plus(Duration.ofHours(3)));

        assertThat(state.records()).isEqualTo(1);
        assertThat(state.sum(H, H.plus(Duration.ofHours(6)))).containsExactly(1, 1);
    }

    @Test
    void shouldFindTheFirstMinuteWithData() {
        state.count(H.plus(Duration.ofMinutes(7)).plusSeconds(30), true, null);

        assertThat(state.firstEventSince(H, H.plus(Duration.ofHours(1)))).isEqualTo(H.plus(Duration.ofMinutes(7)));
        assertThat(state.firstEventSince(H.plus(Duration.ofMinutes(8)), H.plus(Duration.ofHours(1))))
                .isNull();
    }

    private static StateRecord record(String instance, Instant hour, long good, long total) {
        long[] g = new long[60];
        long[] t = new long[60];
        g[0] = good;
        t[0] = total;
        return new StateRecord(StateRecord.SCHEMA, "o", "dc1", "dc2", hour, instance, g, t, List.of(), hour);
    }

    private static Offender offender(String key, String outcome, Double lag, Instant at) {
        return new Offender(key, outcome, lag, H, at);
    }
}
