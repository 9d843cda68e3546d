package io.syncmeter.sla.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.collector.LagEstimate;
import io.syncmeter.collector.Outcome;
import io.syncmeter.collector.ProbeOverdue;
import io.syncmeter.collector.ProbeResult;
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
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the collector reports about a probe — overdue at any of the watched thresholds its
 * listings could see it cross, then one final outcome — each objective counts it exactly once, good
 * exactly when it was seen intact with a lag within the threshold, and a replication objective's
 * threshold events tell the same story: missed-threshold first, then exactly one of
 * replicated-after-threshold, missing or corrupt, and nothing for a probe that was in time.
 */
class JudgePropertyTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration GIVE_UP = Duration.ofSeconds(300);
    private static final Scope DIRECTION = Scope.direction("dc1", "dc2");
    private static final List<Objective> OBJECTIVES = List.of(
            new Objective(
                    "r10",
                    ObjectiveKind.REPLICATION,
                    0.99,
                    Duration.ofSeconds(10),
                    Duration.ofDays(1),
                    List.of(DIRECTION),
                    ""),
            new Objective(
                    "r60",
                    ObjectiveKind.REPLICATION,
                    0.99,
                    Duration.ofSeconds(60),
                    Duration.ofDays(1),
                    List.of(DIRECTION),
                    ""),
            new Objective(
                    "f60",
                    ObjectiveKind.FRESHNESS,
                    0.99,
                    Duration.ofSeconds(60),
                    Duration.ofMinutes(5),
                    List.of(DIRECTION),
                    ""),
            new Objective(
                    "f5",
                    ObjectiveKind.FRESHNESS,
                    0.9,
                    Duration.ofSeconds(5),
                    Duration.ofMinutes(5),
                    List.of(DIRECTION),
                    ""));

    /**
     * What the collector learns of one probe.
     *
     * @param outcome its final outcome
     * @param lowerMs the lag's lower bound: the last listing without it was sent this long after the
     *     acknowledgement (for missing probes: the give-up time)
     * @param widthMs the resolution: the listing with it came back this much later
     */
    record Story(Outcome outcome, long lowerMs, long widthMs) {}

    @Provide
    Arbitrary<Story> stories() {
        Arbitrary<Outcome> outcome = Arbitraries.of(Outcome.REPLICATED, Outcome.LATE, Outcome.MISSING, Outcome.CORRUPT);
        // lags around the thresholds are the interesting ones
        Arbitrary<Long> lower = Arbitraries.oneOf(
                Arbitraries.longs().between(0, GIVE_UP.toMillis()),
                Arbitraries.of(4_999L, 5_000L, 5_001L, 9_900L, 10_000L, 10_001L, 59_999L, 60_000L, 60_001L));
        Arbitrary<Long> width = Arbitraries.longs().between(0, 3_000);
        return Combinators.combine(outcome, lower, width).as(Story::new);
    }

    @Property(tries = 2000)
    void shouldCountEveryProbeOncePerObjectiveAndTellTheSameStoryInEvents(@ForAll("stories") Story story) {
        Map<String, List<Boolean>> counted = new TreeMap<>();
        Map<String, List<String>> events = new TreeMap<>();
        Judge judge = new Judge(OBJECTIVES, new Judge.Sink() {
            @Override
            public void counted(Objective objective, Scope scope, boolean good, Instant at, Offender offender) {
                counted.computeIfAbsent(objective.name(), k -> new ArrayList<>())
                        .add(good);
            }

            @Override
            public void offended(Objective objective, Scope scope, Instant at, Offender offender) {}

            @Override
            public void event(Objective objective, ThresholdEvent event) {
                events.computeIfAbsent(objective.name(), k -> new ArrayList<>()).add(event.type());
            }
        });
        ProbeWritten probe =
                new ProbeWritten(1, "dc1", "b", "syncmeter-probes/dc1/k", "w", 1, 1, "e", "m", "s", T0, T0);
        boolean intact = story.outcome() == Outcome.REPLICATED || story.outcome() == Outcome.LATE;
        long lowerMs = story.outcome() == Outcome.MISSING ? GIVE_UP.toMillis() : story.lowerMs();
        // the collector reports overdue for every watched threshold the last listing without it crossed
        for (Duration t : List.of(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(60))) {
            if (lowerMs > t.toMillis()) {
                Instant at = T0.plusMillis(lowerMs);
                judge.overdue(new ProbeOverdue(probe, "dc2", t, at, at));
            }
        }
        LagEstimate lag = intact
                ? new LagEstimate(
                        Duration.ofMillis(story.lowerMs()), Duration.ofMillis(story.lowerMs() + story.widthMs()))
                : null;
        judge.resolved(
                new ProbeResult(probe, "dc2", story.outcome(), lag, T0.plusMillis(lowerMs + story.widthMs()), "list"));

        for (Objective o : OBJECTIVES) {
            boolean good = intact && lag.estimate().compareTo(o.threshold()) <= 0;
            assertThat(counted.get(o.name()))
                    .as("%s counts %s once", o.name(), story)
                    .containsExactly(good);
            List<String> told = events.getOrDefault(o.name(), List.of());
            if (o.kind() == ObjectiveKind.FRESHNESS) {
                assertThat(told).as("no threshold events for freshness").isEmpty();
            } else if (good) {
                assertThat(told).as("%s in time: no event", o.name()).isEmpty();
            } else if (intact) {
                assertThat(told).containsExactly("missed-threshold", "replicated-after-threshold");
            } else {
                String end = story.outcome() == Outcome.MISSING ? "missing" : "corrupt";
                boolean crossed = lowerMs > o.threshold().toMillis();
                assertThat(told).isEqualTo(crossed ? List.of("missed-threshold", end) : List.of(end));
            }
        }
        assertThat(judge.awaitedBad()).as("nothing left awaited").isZero();
    }
}
