package io.syncmeter.sla.internal;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, for every objective, whether each probe (or probe write) is a good or a bad event, and
 * when: exactly one event per probe, objective and direction. A probe seen intact with a lag within
 * the threshold is good when it is seen; a probe still absent after the threshold is bad as soon as
 * that is known (and a threshold event says so at once); a corrupt or missing probe is bad when it is
 * found so. Pure logic over the collector's and writers' reports; its only state is the probes
 * already counted bad while still awaited.
 *
 * <p>Threading: thread-safe; called concurrently from the collector's and the writers' threads.
 */
public final class Judge {

    /** Receives the decisions. Called on the caller's thread. */
    public interface Sink {
        /** One event of an objective's series, decided at {@code at}. */
        void counted(Objective objective, Scope scope, boolean good, Instant at, Offender offender);

        /** A probe already counted got worse news (its final outcome): for the worst offenders only. */
        void offended(Objective objective, Scope scope, Instant at, Offender offender);

        /** A threshold event of a replication objective. */
        void event(Objective objective, ThresholdEvent event);
    }

    private final List<Objective> objectives;
    private final Sink sink;
    /** Per objective: probes counted bad while still awaited, by probe key + target. */
    private final Map<String, Map<String, Missed>> missed = new ConcurrentHashMap<>();

    /** A probe counted bad while still awaited: where, and how it stands. */
    private record Missed(Scope scope, Offender offender) {}

    public Judge(List<Objective> objectives, Sink sink) {
        this.objectives = List.copyOf(objectives);
        this.sink = sink;
        for (Objective o : objectives) {
            missed.put(o.name(), new ConcurrentHashMap<>());
        }
    }

    /** A probe still absent after a watched threshold. */
    public void overdue(ProbeOverdue o) {
        Scope scope = Scope.direction(o.probe().origin(), o.targetSite());
        for (Objective objective : objectives) {
            if (!objective.kind().perDirection()
                    || !objective.threshold().equals(o.threshold())
                    || !objective.covers(scope)) {
                continue;
            }
            Offender offender =
                    new Offender(o.probe().key(), "missed", null, o.probe().ackedAt(), o.detectedAt());
            if (missed.get(objective.name())
                            .putIfAbsent(awaitKey(o.probe(), o.targetSite()), new Missed(scope, offender))
                    != null) {
                continue;
            }
            // no offender yet: while awaited it is listed from here (missed()); its outcome is offered later
            sink.counted(objective, scope, false, o.detectedAt(), null);
            if (objective.kind() == ObjectiveKind.REPLICATION) {
                sink.event(
                        objective,
                        event(objective, ThresholdEvent.Type.MISSED_THRESHOLD, o.probe(), scope, o.detectedAt(), null));
            }
        }
    }

    /** A probe's outcome at a target. */
    public void resolved(ProbeResult r) {
        if (r.outcome() == Outcome.DUPLICATE) {
            return; // its first event was judged; a replay is not a second probe
        }
        Scope scope = Scope.direction(r.probe().origin(), r.targetSite());
        for (Objective objective : objectives) {
            if (!objective.kind().perDirection() || !objective.covers(scope)) {
                continue;
            }
            boolean wasMissed = missed.get(objective.name()).remove(awaitKey(r.probe(), r.targetSite())) != null;
            judge(objective, scope, r, wasMissed);
        }
    }

    private void judge(Objective objective, Scope scope, ProbeResult r, boolean wasMissed) {
        boolean replication = objective.kind() == ObjectiveKind.REPLICATION;
        Instant at = r.decidedAt();
        switch (r.outcome()) {
            case REPLICATED, LATE -> {
                Duration lag = r.lag().estimate();
                double lagSeconds = lag.toNanos() / 1e9;
                boolean good = lag.compareTo(objective.threshold()) <= 0;
                Offender offender = new Offender(
                        r.probe().key(),
                        good ? "replicated" : "late",
                        lagSeconds,
                        r.probe().ackedAt(),
                        at);
                if (wasMissed) {
                    sink.offended(objective, scope, at, offender);
                } else {
                    sink.counted(objective, scope, good && !wasMissed, at, offender);
                    if (!good && replication) {
                        // the listings could not tell before: the crossing is known only now
                        sink.event(
                                objective,
                                event(objective, ThresholdEvent.Type.MISSED_THRESHOLD, r.probe(), scope, at, null));
                    }
                }
                if ((wasMissed || !good) && replication) {
                    sink.event(
                            objective,
                            event(
                                    objective,
                                    ThresholdEvent.Type.REPLICATED_AFTER_THRESHOLD,
                                    r.probe(),
                                    scope,
                                    at,
                                    lagSeconds));
                }
            }
            case MISSING, CORRUPT -> {
                String label = r.outcome().label();
                Offender offender =
                        new Offender(r.probe().key(), label, null, r.probe().ackedAt(), at);
                if (wasMissed) {
                    sink.offended(objective, scope, at, offender);
                } else {
                    sink.counted(objective, scope, false, at, offender);
                }
                if (replication) {
                    ThresholdEvent.Type type =
                            r.outcome() == Outcome.MISSING ? ThresholdEvent.Type.MISSING : ThresholdEvent.Type.CORRUPT;
                    sink.event(objective, event(objective, type, r.probe(), scope, at, null));
                }
            }
            default -> throw new IllegalStateException("unexpected outcome " + r.outcome());
        }
    }

    /** One probe writer slot. */
    public void attempted(ProbeAttempt a) {
        Scope scope = Scope.site(a.site());
        for (Objective objective : objectives) {
            if (objective.kind() != ObjectiveKind.WRITE_AVAILABILITY || !objective.covers(scope)) {
                continue;
            }
            boolean good = a.outcome() == ProbeAttempt.Outcome.ACKNOWLEDGED;
            Offender offender = good ? null : new Offender(a.key(), a.outcome().label(), null, a.slot(), a.at());
            sink.counted(objective, scope, good, a.at(), offender);
        }
    }

    /** Probes counted bad while still awaited, for sizing. */
    public int awaitedBad() {
        return missed.values().stream().mapToInt(Map::size).sum();
    }

    /** The probes of one series counted bad while still awaited here, as offenders ({@code missed}). */
    public List<Offender> missed(Objective objective, Scope scope) {
        return missed.getOrDefault(objective.name(), Map.of()).values().stream()
                .filter(m -> m.scope().equals(scope))
                .map(Missed::offender)
                .toList();
    }

    private static ThresholdEvent event(
            Objective o, ThresholdEvent.Type type, ProbeWritten p, Scope scope, Instant detectedAt, Double lagSeconds) {
        return new ThresholdEvent(
                ThresholdEvent.SCHEMA,
                type.label(),
                o.name(),
                scope.sourceSite(),
                scope.targetSite(),
                p.key(),
                p.ackedAt(),
                o.threshold().toNanos() / 1e9,
                p.ackedAt().plus(o.threshold()),
                detectedAt,
                lagSeconds);
    }

    private static String awaitKey(ProbeWritten p, String target) {
        return p.key() + '\n' + target;
    }
}
