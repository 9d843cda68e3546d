package io.syncmeter.sla;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The SLA figures at one moment, over every syncmeter instance that shares the state topic: per
 * objective and series, the window it covers, good and total events, compliance, the error budget
 * left, burn rates and the worst offenders.
 *
 * @param generatedAt when it was computed
 * @param enabled whether objectives are evaluated in this instance
 * @param restored whether everything written to the state topic before this instance started had
 *     been read back (until then, figures cover less than the period)
 * @param instance this instance's id on the state topic
 * @param objectives one entry per objective, in name order
 */
public record SlaReport(
        Instant generatedAt, boolean enabled, boolean restored, String instance, List<ObjectiveReport> objectives) {

    /** The same report with only the objectives and series {@code keep} accepts (objectives left empty are dropped). */
    public SlaReport filter(java.util.function.BiPredicate<ObjectiveReport, SeriesReport> keep) {
        List<ObjectiveReport> out = new java.util.ArrayList<>();
        for (ObjectiveReport o : objectives) {
            List<SeriesReport> rows =
                    o.series().stream().filter(s -> keep.test(o, s)).toList();
            if (!rows.isEmpty()) {
                out.add(new ObjectiveReport(
                        o.name(),
                        o.kind(),
                        o.description(),
                        o.target(),
                        o.thresholdSeconds(),
                        o.periodSeconds(),
                        rows));
            }
        }
        return new SlaReport(generatedAt, enabled, restored, instance, out);
    }

    /**
     * One objective.
     *
     * @param thresholdSeconds null for write availability
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ObjectiveReport(
            String name,
            String kind,
            String description,
            double target,
            Double thresholdSeconds,
            double periodSeconds,
            List<SeriesReport> series) {}

    /**
     * One direction (or site) of an objective.
     *
     * @param sourceSite the direction's source (null for a site)
     * @param targetSite the direction's target (null for a site)
     * @param site the site of a write-availability series (null for a direction)
     * @param window the period: the last whole minutes up to now
     * @param goodEvents good events decided in the window
     * @param totalEvents all events decided in the window
     * @param badEvents {@code total - good}
     * @param compliance {@code good / total}; null without events
     * @param errorBudget the budget of the window and what is left of it
     * @param burnRates by window ({@code 5m}, {@code 1h}, …): the bad share over that window divided by the
     *     allowed bad share ({@code 1 - target}); 1 spends the budget exactly over the period
     * @param status {@code met}, {@code breached} or {@code no-data}
     * @param worstOffenders the window's worst events by probe key, worst first
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SeriesReport(
            String sourceSite,
            String targetSite,
            String site,
            Window window,
            long goodEvents,
            long totalEvents,
            long badEvents,
            Double compliance,
            ErrorBudget errorBudget,
            Map<String, Double> burnRates,
            String status,
            List<Offender> worstOffenders) {}

    /**
     * The window a figure covers.
     *
     * @param dataSince the first minute with an event in it; null when there is none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Window(Instant start, Instant end, Instant dataSince) {}

    /**
     * The error budget of a window.
     *
     * @param allowedBadEvents {@code (1 - target) × total}
     * @param badEvents bad events so far
     * @param remaining {@code 1 - bad / allowed}: 1 untouched, 0 spent, below 0 overspent
     */
    public record ErrorBudget(double allowedBadEvents, long badEvents, double remaining) {}
}
