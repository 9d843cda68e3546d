package io.syncmeter.sla.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.collector.LagEstimate;
import io.syncmeter.collector.Outcome;
import io.syncmeter.collector.ProbeOverdue;
import io.syncmeter.collector.ProbeResult;
import io.syncmeter.probe.ProbeAttempt;
import io.syncmeter.probe.ProbeWritten;
import io.syncmeter.sla.Objective;
import io.syncmeter.sla.ObjectiveKind;
import io.syncmeter.sla.Offender;
import io.syncmeter.sla.Scope;
import io.syncmeter.sla.ThresholdEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JudgeTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration THRESHOLD = Duration.ofSeconds(10);
    private static final Scope DC1_DC2 = Scope.direction("dc1", "dc2");

    private static final Objective REPLICATION = new Objective(
            "replication",
            ObjectiveKind.REPLICATION,
            0.9,
            THRESHOLD,
            Duration.ofDays(1),
            List.of(DC1_DC2, Scope.direction("dc2", "dc1")),
            "r");
    private static final Objective FRESHNESS = new Objective(
            "freshness",
            ObjectiveKind.FRESHNESS,
            0.99,
            Duration.ofSeconds(60),
            Duration.ofMinutes(5),
            List.of(DC1_DC2),
            "f");
    private static final Objective WRITES = new Objective(
            "writes",
            ObjectiveKind.WRITE_AVAILABILITY,
            0.999,
            null,
            Duration.ofDays(1),
            List.of(Scope.site("dc1")),
            "w");

    record Count(String objective, Scope scope, boolean good, Instant at, Offender offender) {}

    private final List<Count> counts = new ArrayList<>();
    private final List<Offender> offended = new ArrayList<>();
    private final List<ThresholdEvent> events = new ArrayList<>();
    private final Judge judge = new Judge(List.of(REPLICATION, FRESHNESS, WRITES), new Judge.Sink() {
        @Override
        public void counted(Objective objective, Scope scope, boolean good, Instant at, Offender offender) {
            counts.add(new Count(objective.name(), scope, good, at, offender));
        }

        @Override
        public void offended(Objective objective, Scope scope, Instant at, Offender offender) {
            offended.add(offender);
        }

        @Override
        public void event(Objective objective, ThresholdEvent event) {
            events.add(event);
        }
    });

    private static ProbeWritten probe(long seq) {
        return new ProbeWritten(
                ProbeWritten.SCHEMA,
                "dc1",
                "b",
                "syncmeter-probes/dc1/" + (T0.toEpochMilli() + seq) + "-w-" + String.format("%012d", seq),
                "w",
                seq,
                1024,
                "e",
                "m",
                "s",
                T0,
                T0);
    }

    private static ProbeResult seen(ProbeWritten p, String target, Outcome outcome, double lagSeconds) {
        Duration lag = Duration.ofMillis(Math.round(lagSeconds * 1000));
        return new ProbeResult(
                p, target, outcome, new LagEstimate(lag, lag), p.ackedAt().plus(lag), "list");
    }

    private static ProbeResult unseen(ProbeWritten p, Outcome outcome, Instant at) {
        return new ProbeResult(p, "dc2", outcome, null, at, "none");
    }

    private static ProbeOverdue overdue(ProbeWritten p, Duration threshold, double afterSeconds) {
        Instant at = p.ackedAt().plusMillis(Math.round(afterSeconds * 1000));
        return new ProbeOverdue(p, "dc2", threshold, at, at);
    }

    private List<Count> countsOf(String objective) {
        return counts.stream().filter(c -> c.objective().equals(objective)).toList();
    }

    @Test
    void shouldCountAProbeSeenWithinTheThresholdGoodWithoutEvents() {
        judge.resolved(seen(probe(1), "dc2", Outcome.REPLICATED, 2.0));

        assertThat(countsOf("replication")).singleElement().satisfies(c -> {
            assertThat(c.good()).isTrue();
            assertThat(c.at()).isEqualTo(T0.plusSeconds(2));
            assertThat(c.offender().outcome()).isEqualTo("replicated");
        });
        assertThat(countsOf("freshness"))
                .singleElement()
                .extracting(Count::good)
                .isEqualTo(true);
        assertThat(events).isEmpty();
    }

    @Test
    void shouldCountAMissedProbeBadWhenItCrossesTheThresholdAndReportItsLagWhenItArrives() {
        ProbeWritten p = probe(2);

        judge.overdue(overdue(p, THRESHOLD, 10.2));

        assertThat(countsOf("replication")).singleElement().satisfies(c -> {
            assertThat(c.good()).isFalse();
            assertThat(c.at()).isEqualTo(T0.plusMillis(10_200));
            assertThat(c.offender())
                    .as("listed as awaited until its outcome is known")
                    .isNull();
        });
        assertThat(judge.missed(REPLICATION, DC1_DC2)).singleElement().satisfies(o -> {
            assertThat(o.probeKey()).isEqualTo(p.key());
            assertThat(o.outcome()).isEqualTo("missed");
        });
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("missed-threshold");
            assertThat(e.probeKey()).isEqualTo(p.key());
            assertThat(e.thresholdAt()).isEqualTo(T0.plusSeconds(10));
            assertThat(e.detectedAt()).isEqualTo(T0.plusMillis(10_200));
            assertThat(e.lagSeconds()).isNull();
        });

        judge.resolved(seen(p, "dc2", Outcome.LATE, 14.5));

        assertThat(countsOf("replication"))
                .as("no second event for the same probe")
                .hasSize(1);
        assertThat(events).hasSize(2);
        assertThat(events.get(1)).satisfies(e -> {
            assertThat(e.type()).isEqualTo("replicated-after-threshold");
            assertThat(e.lagSeconds()).isEqualTo(14.5);
        });
        assertThat(offended).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo("late");
            assertThat(o.lagSeconds()).isEqualTo(14.5);
        });
        // freshness (60 s) counts the 14.5 s probe good: its threshold was not crossed
        assertThat(countsOf("freshness"))
                .singleElement()
                .extracting(Count::good)
                .isEqualTo(true);
    }

    @Test
    void shouldJudgeAProbeWhoseCrossingTheListingsCouldNotSeeWhenItArrives() {
        // last listing without it was sent before the threshold, the one with it came back after
        judge.resolved(seen(probe(3), "dc2", Outcome.REPLICATED, 10.1));

        assertThat(countsOf("replication"))
                .singleElement()
                .extracting(Count::good)
                .isEqualTo(false);
        assertThat(events)
                .extracting(ThresholdEvent::type)
                .containsExactly("missed-threshold", "replicated-after-threshold");
        assertThat(events.get(0).detectedAt()).isEqualTo(events.get(1).detectedAt());
    }

    @Test
    void shouldCountALagExactlyAtTheThresholdGood() {
        judge.resolved(seen(probe(4), "dc2", Outcome.REPLICATED, 10.0));

        assertThat(countsOf("replication"))
                .singleElement()
                .extracting(Count::good)
                .isEqualTo(true);
        assertThat(events).isEmpty();
    }

    @Test
    void shouldEndAMissedProbeThatNeverArrivesAsMissingWithOneBadEvent() {
        ProbeWritten p = probe(5);
        judge.overdue(overdue(p, THRESHOLD, 10.1));
        judge.overdue(overdue(p, Duration.ofSeconds(60), 60.1));

        judge.resolved(unseen(p, Outcome.MISSING, T0.plus(Duration.ofMinutes(20))));

        assertThat(countsOf("replication"))
                .singleElement()
                .extracting(Count::good)
                .isEqualTo(false);
        assertThat(countsOf("freshness"))
                .singleElement()
                .extracting(Count::good)
                .isEqualTo(false);
        assertThat(events).extracting(ThresholdEvent::type).containsExactly("missed-threshold", "missing");
        assertThat(offended).extracting(Offender::outcome).containsExactly("missing", "missing");
    }

    @Test
    void shouldCountACorruptProbeBadOnceWithACorruptEvent() {
        judge.resolved(unseen(probe(6), Outcome.CORRUPT, T0.plusSeconds(1)));

        assertThat(countsOf("replication")).singleElement().satisfies(c -> {
            assertThat(c.good()).isFalse();
            assertThat(c.offender().outcome()).isEqualTo("corrupt");
        });
        assertThat(events).extracting(ThresholdEvent::type).containsExactly("corrupt");
    }

    @Test
    void shouldIgnoreReplayedEvents() {
        judge.resolved(unseen(probe(7), Outcome.DUPLICATE, T0));

        assertThat(counts).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void shouldIgnoreOverdueReportsOfOtherThresholdsAndUncoveredDirections() {
        judge.overdue(overdue(probe(8), Duration.ofSeconds(3), 3.1));
        ProbeWritten fromDc2 =
                new ProbeWritten(1, "dc2", "b", "syncmeter-probes/dc2/x", "w", 1, 1, "e", "m", "s", T0, T0);
        judge.overdue(new ProbeOverdue(fromDc2, "dc1", Duration.ofSeconds(60), T0.plusSeconds(61), T0.plusSeconds(61)));

        assertThat(counts)
                .as("freshness covers dc1->dc2 only; nobody has a 3 s threshold")
                .isEmpty();
    }

    @Test
    void shouldCountEachOverdueThresholdOncePerProbe() {
        ProbeWritten p = probe(9);
        judge.overdue(overdue(p, THRESHOLD, 10.1));
        judge.overdue(overdue(p, THRESHOLD, 12.0));

        assertThat(countsOf("replication")).hasSize(1);
        assertThat(events).hasSize(1);
    }

    @Test
    void shouldPublishNoThresholdEventsForFreshness() {
        ProbeWritten p = probe(10);
        judge.overdue(overdue(p, Duration.ofSeconds(60), 61));
        judge.resolved(seen(p, "dc2", Outcome.LATE, 70));

        assertThat(countsOf("freshness"))
                .singleElement()
                .extracting(Count::good)
                .isEqualTo(false);
        assertThat(events)
                .as("the replication objective (10 s) judges it at arrival: missed then replicated after")
                .extracting(ThresholdEvent::objective)
                .containsOnly("replication");
    }

    @Test
    void shouldCountAcknowledgedWritesGoodAndFailedOrSkippedOnesBad() {
        judge.attempted(new ProbeAttempt("dc1", "k1", ProbeAttempt.Outcome.ACKNOWLEDGED, T0, T0.plusMillis(20), null));
        judge.attempted(new ProbeAttempt("dc1", "k2", ProbeAttempt.Outcome.FAILED, T0, T0.plusSeconds(10), "timeout"));
        judge.attempted(new ProbeAttempt("dc1", "k3", ProbeAttempt.Outcome.SKIPPED, T0, T0, null));
        judge.attempted(new ProbeAttempt("dc2", "k4", ProbeAttempt.Outcome.FAILED, T0, T0, "x"));

        assertThat(countsOf("writes")).extracting(Count::good).containsExactly(true, false, false);
        assertThat(countsOf("writes"))
                .extracting(c -> c.offender() == null ? null : c.offender().outcome())
                .containsExactly(null, "failed", "skipped");
        assertThat(counts).as("dc2 is not covered").hasSize(3);
    }

    @Test
    void shouldForgetMissedProbesOnceResolved() {
        ProbeWritten p = probe(11);
        judge.overdue(overdue(p, THRESHOLD, 10.1));
        assertThat(judge.awaitedBad()).isEqualTo(1);

        judge.resolved(seen(p, "dc2", Outcome.LATE, 11));

        assertThat(judge.awaitedBad()).isZero();
        assertThat(judge.missed(REPLICATION, DC1_DC2)).isEmpty();
    }
}
