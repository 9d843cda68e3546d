package io.syncmeter.sla.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncmeter.sla.Objective;
import io.syncmeter.sla.ObjectiveKind;
import io.syncmeter.sla.Scope;
import io.syncmeter.sla.SlaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectiveResolverTest {

    private static final ObjectiveResolver.Context CONTEXT =
            new ObjectiveResolver.Context(List.of("dc1", "dc2"), Duration.ofMinutes(20));

    /** An objective declaration built in code. */
    record Declared(
            String kind,
            String target,
            Optional<Duration> threshold,
            Optional<Duration> period,
            Optional<List<String>> directions,
            Optional<List<String>> sites,
            Optional<String> description)
            implements SlaConfig.ObjectiveConfig {

        static Declared of(String kind, String target) {
            return new Declared(
                    kind,
                    target,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
        }

        Declared threshold(String d) {
            return new Declared(kind, target, Optional.of(duration(d)), period, directions, sites, description);
        }

        Declared period(String d) {
            return new Declared(kind, target, threshold, Optional.of(duration(d)), directions, sites, description);
        }

        Declared directions(String... d) {
            return new Declared(kind, target, threshold, period, Optional.of(List.of(d)), sites, description);
        }

        Declared sites(String... s) {
            return new Declared(kind, target, threshold, period, directions, Optional.of(List.of(s)), description);
        }

        private static Duration duration(String d) {
            return io.quarkus.runtime.configuration.DurationConverter.parseDuration(d);
        }
    }

    @Test
    void shouldApplyTheDefaultSetWhenNothingIsDeclared() {
        List<Objective> objectives = ObjectiveResolver.resolve(Map.of(), CONTEXT);

        assertThat(objectives).extracting(Objective::name).containsExactly("freshness", "probe-writes", "replication");
        Objective replication = objectives.get(2);
        assertThat(replication.kind()).isEqualTo(ObjectiveKind.REPLICATION);
        assertThat(replication.target()).isEqualTo(0.999);
        assertThat(replication.threshold()).isEqualTo(Duration.ofMinutes(15));
        assertThat(replication.period()).isEqualTo(Duration.ofDays(30));
        assertThat(replication.scopes()).containsExactly(Scope.direction("dc1", "dc2"), Scope.direction("dc2", "dc1"));
        Objective freshness = objectives.get(0);
        assertThat(freshness.target()).isEqualTo(0.99);
        assertThat(freshness.threshold()).isEqualTo(Duration.ofSeconds(60));
        assertThat(freshness.period()).isEqualTo(Duration.ofMinutes(5));
        Objective writes = objectives.get(1);
        assertThat(writes.threshold()).isNull();
        assertThat(writes.scopes()).containsExactly(Scope.site("dc1"), Scope.site("dc2"));
    }

    @Test
    void shouldLowerDefaultThresholdsToAShortGiveUp() {
        List<Objective> objectives = ObjectiveResolver.resolve(
                Map.of(), new ObjectiveResolver.Context(List.of("a", "b"), Duration.ofSeconds(30)));

        assertThat(objectives.get(2).threshold()).isEqualTo(Duration.ofSeconds(30));
        assertThat(objectives.get(0).threshold()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldResolveADeclaredReplicationObjectiveWithPercentTargetAndDirections() {
        List<Objective> objectives = ObjectiveResolver.resolve(
                Map.of(
                        "rtc",
                        Declared.of("replication", "99.99%").threshold("15m").directions("dc1->dc2")),
                CONTEXT);

        Objective o = objectives.get(0);
        assertThat(o.target()).isCloseTo(0.9999, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(o.period()).isEqualTo(Duration.ofDays(30));
        assertThat(o.scopes()).containsExactly(Scope.direction("dc1", "dc2"));
        assertThat(o.description())
                .isEqualTo("99.99% of probes readable intact at the target within 15m over 30d, per direction");
        assertThat(o.errorBudgetRatio()).isCloseTo(0.0001, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void shouldDefaultAFreshnessPeriodToFiveMinutes() {
        Objective o = ObjectiveResolver.resolve(
                        Map.of("f", Declared.of("freshness", "0.95").threshold("30s")), CONTEXT)
                .get(0);

        assertThat(o.period()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.description()).isEqualTo("p95 replication lag under 30s over 5m, per direction");
    }

    @Test
    void shouldNameEveryBadKeyAtOnce() {
        Map<String, SlaConfig.ObjectiveConfig> declared = Map.of(
                "Bad_Name", Declared.of("replication", "0.9").threshold("1m"),
                "no-threshold", Declared.of("replication", "0.9"),
                "too-slow", Declared.of("replication", "0.9").threshold("1h"),
                "bad-target", Declared.of("freshness", "100%").threshold("1m"),
                "not-a-number", Declared.of("freshness", "most").threshold("1m"),
                "bad-kind", Declared.of("latency", "0.9"),
                "writes",
                        Declared.of("write-availability", "0.9").threshold("1m").sites("dc3"),
                "odd-period", Declared.of("replication", "0.9").threshold("1m").period("90s"),
                "bad-direction",
                        Declared.of("replication", "0.9").threshold("1m").directions("dc1->dc1", "dc1->dc9", "dc2"));

        assertThatThrownBy(() -> ObjectiveResolver.resolve(declared, CONTEXT))
                .isInstanceOf(InvalidSlaConfigurationException.class)
                .satisfies(
                        e -> assertThat(((InvalidSlaConfigurationException) e).problems())
                                .anySatisfy(p -> assertThat(p)
                                        .startsWith("syncmeter.sla.objectives.Bad_Name: the objective name"))
                                .anySatisfy(
                                        p -> assertThat(p)
                                                .isEqualTo(
                                                        "syncmeter.sla.objectives.no-threshold.threshold: required for a replication objective"))
                                .anySatisfy(
                                        p -> assertThat(p)
                                                .startsWith(
                                                        "syncmeter.sla.objectives.too-slow.threshold: 1h exceeds the probe profile's give-up time 20m"))
                                .anySatisfy(
                                        p -> assertThat(p)
                                                .startsWith(
                                                        "syncmeter.sla.objectives.bad-target.target: '100%' must lie strictly between 0 and 1"))
                                .anySatisfy(p -> assertThat(p)
                                        .startsWith(
                                                "syncmeter.sla.objectives.not-a-number.target: 'most' is not a ratio"))
                                .anySatisfy(p -> assertThat(p)
                                        .startsWith("syncmeter.sla.objectives.bad-kind.kind: 'latency' is not a kind"))
                                .anySatisfy(
                                        p -> assertThat(p)
                                                .isEqualTo(
                                                        "syncmeter.sla.objectives.writes.threshold: a write-availability objective has no threshold"))
                                .anySatisfy(p -> assertThat(p)
                                        .startsWith("syncmeter.sla.objectives.writes.sites: 'dc3' is not a site"))
                                .anySatisfy(p -> assertThat(p)
                                        .startsWith(
                                                "syncmeter.sla.objectives.odd-period.period: must be whole minutes"))
                                .anySatisfy(
                                        p -> assertThat(p)
                                                .startsWith(
                                                        "syncmeter.sla.objectives.bad-direction.directions: 'dc1->dc1' is not of the form"))
                                .anySatisfy(
                                        p -> assertThat(p)
                                                .startsWith(
                                                        "syncmeter.sla.objectives.bad-direction.directions: 'dc1->dc9' names unknown site 'dc9'"))
                                .anySatisfy(
                                        p -> assertThat(p)
                                                .startsWith(
                                                        "syncmeter.sla.objectives.bad-direction.directions: 'dc2' is not of the form")));
    }

    @Test
    void shouldRefuseDirectionsOnASiteObjectiveAndSitesOnADirectionObjective() {
        assertThatThrownBy(() -> ObjectiveResolver.resolve(
                        Map.of(
                                "w", Declared.of("write-availability", "0.9").directions("dc1->dc2"),
                                "r",
                                        Declared.of("replication", "0.9")
                                                .threshold("1m")
                                                .sites("dc1")),
                        CONTEXT))
                .hasMessageContaining(
                        "syncmeter.sla.objectives.w.directions: a write-availability objective covers sites")
                .hasMessageContaining("syncmeter.sla.objectives.r.sites: a replication objective covers directions");
    }

    @Test
    void shouldParseRatiosAndPercentages() {
        List<String> problems = new ArrayList<>();

        assertThat(ObjectiveResolver.target("k", "0.999", problems)).isEqualTo(0.999);
        assertThat(ObjectiveResolver.target("k", " 99.9 % ", problems))
                .isCloseTo(0.999, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(problems).isEmpty();
        ObjectiveResolver.target("k", "0", problems);
        ObjectiveResolver.target("k", "1", problems);
        ObjectiveResolver.target("k", "-5%", problems);
        assertThat(problems).hasSize(3);
    }

    @Test
    void shouldWriteDurationsInTheShortForm() {
        assertThat(ObjectiveResolver.human(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(ObjectiveResolver.human(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(ObjectiveResolver.human(Duration.ofSeconds(60))).isEqualTo("1m");
        assertThat(ObjectiveResolver.human(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
