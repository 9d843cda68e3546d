package io.syncmeter.sla.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.sla.Objective;
import io.syncmeter.sla.ObjectiveKind;
import io.syncmeter.sla.Offender;
import io.syncmeter.sla.Scope;
import io.syncmeter.sla.SlaReport;
import io.syncmeter.sla.ThresholdEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The books of every objective series in this instance: the per-minute state ({@link SeriesState}),
 * the Prometheus counters and gauges, and the figures the gauges show. It is the {@link Judge}'s
 * sink for counting; threshold events go on to the given consumer. Nothing here does I/O: the owner
 * writes {@link #drainChanged} to the state topic and feeds {@link #restore} from it.
 *
 * <p>Threading: thread-safe; counting comes from the collector's and writers' threads, the rest
 * from the owner's scheduler and request threads.
 */
public final class Ledger implements Judge.Sink {

    private final List<Objective> objectives;
    private final String instance;
    private final int worstOffenders;
    private final List<Duration> burnRateWindows;
    private final MeterRegistry registry;
    private final Consumer<ThresholdEvent> events;
    private final Duration longest;
    /** Objective name → scope → series. */
    private final Map<String, Map<Scope, Series>> series = new LinkedHashMap<>();

    private volatile Judge judge;

    /**
     * Registers every series' meters.
     *
     * @param instance this instance's id on the state topic
     * @param events receives each threshold event, after it was counted
     */
    public Ledger(
            List<Objective> objectives,
            String instance,
            int worstOffenders,
            List<Duration> burnRateWindows,
            MeterRegistry registry,
            Consumer<ThresholdEvent> events) {
        this.objectives = List.copyOf(objectives);
        this.instance = instance;
        this.worstOffenders = worstOffenders;
        this.burnRateWindows = List.copyOf(burnRateWindows);
        this.registry = registry;
        this.events = events;
        Duration l = Duration.ZERO;
        for (Objective o : objectives) {
            l = o.period().compareTo(l) > 0 ? o.period() : l;
        }
        for (Duration w : burnRateWindows) {
            l = w.compareTo(l) > 0 ? w : l;
        }
        this.longest = l;
        for (Objective o : objectives) {
            registerObjectiveMeters(o);
            Map<Scope, Series> byScope = new LinkedHashMap<>();
            for (Scope s : o.scopes()) {
                byScope.put(s, new Series(o, s));
            }
            series.put(o.name(), byScope);
        }
    }

    /** The judge whose probes still awaited past a threshold are listed among the worst offenders. */
    public void attach(Judge judge) {
        this.judge = judge;
    }

    @Override
    public void counted(Objective objective, Scope scope, boolean isGood, Instant at, Offender offender) {
        Series s = series.get(objective.name()).get(scope);
        s.state.count(at, isGood, offender);
        s.total.increment();
        if (isGood) {
            s.good.increment();
        }
    }

    @Override
    public void offended(Objective objective, Scope scope, Instant at, Offender offender) {
        series.get(objective.name()).get(scope).state.offer(at, offender);
    }

    @Override
    public void event(Objective objective, ThresholdEvent e) {
        Series s = series.get(objective.name()).get(new Scope(e.sourceSite(), e.targetSite()));
        Counter c = s.thresholdEvents.get(e.type());
        if (c != null) {
            c.increment();
        }
        events.accept(e);
    }

    /** Takes a record read back from the state topic; records of objectives or series no longer declared are ignored. */
    public void restore(StateRecord r) {
        Map<Scope, Series> byScope = series.get(r.objective());
        if (byScope == null) {
            return;
        }
        Series s = byScope.get(new Scope(r.sourceSite(), r.targetSite() == null ? "" : r.targetSite()));
        if (s != null) {
            s.state.replace(r);
        }
    }

    /** This instance's hours changed since the last call, each with a way to mark it changed again. */
    public List<Change> drainChanged(Instant now) {
        List<Change> out = new ArrayList<>();
        for (Map<Scope, Series> byScope : series.values()) {
            for (Series s : byScope.values()) {
                for (StateRecord r :
                        s.state.drainChanged(s.objective.name(), s.scope.sourceSite(), s.scope.targetSite(), now)) {
                    out.add(new Change(r, () -> s.state.markChanged(r.hour())));
                }
            }
        }
        return out;
    }

    /**
     * A record to write, and what to do when it could not be written.
     *
     * @param retry marks its hour changed again, so the next flush writes it
     */
    public record Change(StateRecord record, Runnable retry) {}

    /** Recomputes the gauges' figures at {@code now} and forgets what is older than every window. */
    public void evaluate(Instant now) {
        for (Map<Scope, Series> byScope : series.values()) {
            for (Series s : byScope.values()) {
                s.evaluate(now);
                s.state.prune(now.minus(longest));
            }
        }
    }

    /** The figures of every objective at {@code now}. */
    public List<SlaReport.ObjectiveReport> report(Instant now) {
        List<SlaReport.ObjectiveReport> out = new ArrayList<>();
        for (Objective o : objectives) {
            List<SlaReport.SeriesReport> rows = new ArrayList<>();
            for (Series s : series.get(o.name()).values()) {
                rows.add(s.report(now));
            }
            out.add(new SlaReport.ObjectiveReport(
                    o.name(),
                    o.kind().label(),
                    o.description(),
                    o.target(),
                    o.threshold() == null ? null : seconds(o.threshold()),
                    seconds(o.period()),
                    rows));
        }
        return out;
    }

    /** Hour records held over every series, for sizing. */
    public int records() {
        int n = 0;
        for (Map<Scope, Series> byScope : series.values()) {
            for (Series s : byScope.values()) {
                n += s.state.records();
            }
        }
        return n;
    }

    private void registerObjectiveMeters(Objective o) {
        Gauge.builder(MetricNames.SLA_OBJECTIVE_TARGET, o, Objective::target)
                .baseUnit("ratio")
                .tag(MetricNames.TAG_OBJECTIVE, o.name())
                .tag(MetricNames.TAG_KIND, o.kind().label())
                .description("The share of good events an objective promises")
                .register(registry);
        Gauge.builder(MetricNames.SLA_OBJECTIVE_PERIOD, o, x -> seconds(x.period()))
                .baseUnit("seconds")
                .tag(MetricNames.TAG_OBJECTIVE, o.name())
                .tag(MetricNames.TAG_KIND, o.kind().label())
                .description("An objective's compliance period")
                .register(registry);
        if (o.threshold() != null) {
            Gauge.builder(MetricNames.SLA_OBJECTIVE_THRESHOLD, o, x -> seconds(x.threshold()))
                    .baseUnit("seconds")
                    .tag(MetricNames.TAG_OBJECTIVE, o.name())
                    .tag(MetricNames.TAG_KIND, o.kind().label())
                    .description("An objective's lag threshold")
                    .register(registry);
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String window(Duration d) {
        return ObjectiveResolver.human(d);
    }

    /** The minutes of a window of that length ending now: the current minute and the ones before. */
    private static Instant windowStart(Instant now, Duration length) {
        return now.truncatedTo(ChronoUnit.MINUTES).minus(length).plusSeconds(60);
    }

    /** The figures gauges export, recomputed by {@link #evaluate}. */
    private record Figures(double compliance, double budgetRemaining, Map<String, Double> burnRates) {
        static final Figures NONE = new Figures(Double.NaN, Double.NaN, Map.of());
    }

    /** One objective's series: its state, counters and gauges. */
    private final class Series {
        final Objective objective;
        final Scope scope;
        final SeriesState state;
        final Counter good;
        final Counter total;
        final Map<String, Counter> thresholdEvents = new HashMap<>();
        volatile Figures figures = Figures.NONE;

        Series(Objective objective, Scope scope) {
            this.objective = objective;
            this.scope = scope;
            this.state = new SeriesState(instance, worstOffenders);
            this.good = counter(MetricNames.SLA_GOOD_EVENTS, "Good events of an objective, decided here");
            this.total = counter(MetricNames.SLA_EVENTS, "All events of an objective, decided here");
            if (objective.kind() == ObjectiveKind.REPLICATION) {
                for (ThresholdEvent.Type t : ThresholdEvent.Type.values()) {
                    thresholdEvents.put(
                            t.label(),
                            Counter.builder(MetricNames.SLA_THRESHOLD_EVENTS)
                                    .tag(MetricNames.TAG_OBJECTIVE, objective.name())
                                    .tag(MetricNames.TAG_SOURCE_SITE, scope.sourceSite())
                                    .tag(MetricNames.TAG_TARGET_SITE, scope.targetSite())
                                    .tag(MetricNames.TAG_TYPE, t.label())
                                    .description("Threshold events of a replication objective, published here")
                                    .register(registry));
                }
            }
            gauge(
                    MetricNames.SLA_COMPLIANCE,
                    "ratio",
                    "Good events over all events in the period, every instance",
                    f -> f.compliance);
            gauge(
                    MetricNames.SLA_ERROR_BUDGET_REMAINING,
                    "ratio",
                    "Share of the period's error budget left (below 0: overspent), every instance",
                    f -> f.budgetRemaining);
            for (Duration w : burnRateWindows) {
                String label = window(w);
                Gauge.builder(MetricNames.SLA_BURN_RATE, this, s -> s.figures.burnRates.getOrDefault(label, Double.NaN))
                        .tags(tags())
                        .tag(MetricNames.TAG_WINDOW, label)
                        .description("Bad share over the window divided by the allowed bad share, every instance")
                        .register(registry);
            }
        }

        private Counter counter(String name, String description) {
            return Counter.builder(name).tags(tags()).description(description).register(registry);
        }

        private void gauge(String name, String unit, String description, ToDoubleFunction<Figures> f) {
            Gauge.builder(name, this, s -> f.applyAsDouble(s.figures))
                    .baseUnit(unit)
                    .tags(tags())
                    .description(description)
                    .register(registry);
        }

        private List<Tag> tags() {
            return List.of(
                    Tag.of(MetricNames.TAG_OBJECTIVE, objective.name()),
                    Tag.of(MetricNames.TAG_SOURCE_SITE, scope.sourceSite()),
                    Tag.of(MetricNames.TAG_TARGET_SITE, scope.targetSite()));
        }

        void evaluate(Instant now) {
            long[] period = state.sum(windowStart(now, objective.period()), now);
            figures = new Figures(compliance(period), budgetRemaining(period), burnRates(now));
        }

        private double compliance(long[] sums) {
            return sums[1] == 0 ? Double.NaN : (double) sums[0] / sums[1];
        }

        private double budgetRemaining(long[] sums) {
            double allowed = objective.errorBudgetRatio() * sums[1];
            long bad = sums[1] - sums[0];
            if (bad == 0) {
                return 1.0;
            }
            return 1.0 - bad / allowed;
        }

        /** The burn rate over each window ending now, by window label, in the configured order. */
        private Map<String, Double> burnRates(Instant now) {
            Map<String, Double> burn = new LinkedHashMap<>();
            for (Duration w : burnRateWindows) {
                burn.put(window(w), burnRate(state.sum(windowStart(now, w), now)));
            }
            return java.util.Collections.unmodifiableMap(burn);
        }

        private double burnRate(long[] sums) {
            if (sums[1] == 0) {
                return 0.0;
            }
            return ((double) (sums[1] - sums[0]) / sums[1]) / objective.errorBudgetRatio();
        }

        /** The window's worst, with the probes still awaited past the threshold here (not yet in the state). */
        private List<Offender> worst(Instant start, Instant now) {
            List<Offender> all = new ArrayList<>(state.worst(start, now.plusMillis(1), worstOffenders));
            Set<String> known = new HashSet<>();
            all.forEach(o -> known.add(o.probeKey()));
            Judge j = judge;
            for (Offender o : j == null ? List.<Offender>of() : j.missed(objective, scope)) {
                if (known.add(o.probeKey())) {
                    all.add(o);
                }
            }
            all.sort(Offender.WORST_FIRST);
            return List.copyOf(all.subList(0, Math.min(worstOffenders, all.size())));
        }

        SlaReport.SeriesReport report(Instant now) {
            Instant start = windowStart(now, objective.period());
            long[] sums = state.sum(start, now);
            Map<String, Double> burn = burnRates(now);
            long bad = sums[1] - sums[0];
            Double compliance = sums[1] == 0 ? null : (double) sums[0] / sums[1];
            String status = compliance == null ? "no-data" : compliance >= objective.target() ? "met" : "breached";
            return new SlaReport.SeriesReport(
                    scope.isDirection() ? scope.sourceSite() : null,
                    scope.isDirection() ? scope.targetSite() : null,
                    scope.isDirection() ? null : scope.sourceSite(),
                    new SlaReport.Window(start, now, state.firstEventSince(start, now)),
                    sums[0],
                    sums[1],
                    bad,
                    compliance,
                    new SlaReport.ErrorBudget(objective.errorBudgetRatio() * sums[1], bad, budgetRemaining(sums)),
                    burn,
                    status,
                    worst(start, now));
        }
    }
}
