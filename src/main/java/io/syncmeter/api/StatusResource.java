package io.syncmeter.api;

import io.syncmeter.collector.Collector;
import io.syncmeter.collector.LagDistribution;
import io.syncmeter.collector.LagFigures;
import io.syncmeter.collector.LagInterval;
import io.syncmeter.collector.Outcome;
import io.syncmeter.probe.ActiveProfile;
import io.syncmeter.probe.ProbeProfile;
import io.syncmeter.site.Site;
import io.syncmeter.site.SiteRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /api/status}: per direction, lag percentiles of the last report interval and since
 * start, counts per outcome, probes pending and the lag resolution; {@code GET
 * /api/status/history}, the recent report intervals ({@link #history}). Optional {@code source} and
 * {@code target} query parameters select directions; an unknown site is a 400 problem.
 */
@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    @Inject
    Collector collector;

    @Inject
    SiteRegistry sites;

    @Inject
    ActiveProfile profile;

    /** The status document. */
    public record Status(
            Instant generatedAt,
            List<String> sites,
            boolean collectorEnabled,
            double reportIntervalSeconds,
            ProfileView profile,
            List<DirectionView> directions) {}

    /** The probe profile in force. */
    public record ProfileView(
            String name, double ratePerSecond, List<Integer> objectSizes, double lateSeconds, double giveUpSeconds) {}

    /** One direction's figures. */
    public record DirectionView(
            String sourceSite,
            String targetSite,
            Window lastInterval,
            Window sinceStart,
            Map<String, Long> outcomes,
            int pending,
            double resolutionSeconds) {}

    /** Lag percentiles (seconds) over a window; null percentiles when it had no sample. */
    public record Window(
            Instant start, Instant end, long count, Double p50, Double p90, Double p99, Double p999, Double max) {}

    /** The recent history document. */
    public record History(
            Instant generatedAt,
            double reportIntervalSeconds,
            int minutes,
            int retainedMinutes,
            List<DirectionHistoryView> directions) {}

    /** One direction's report intervals, oldest first. */
    public record DirectionHistoryView(String sourceSite, String targetSite, List<IntervalView> intervals) {}

    /**
     * One report interval: lag percentiles (seconds, null without samples), probes decided in it per
     * outcome, probes pending when it closed, and the resolution.
     */
    public record IntervalView(
            Instant start,
            Instant end,
            long count,
            Double p50,
            Double p90,
            Double p99,
            Double p999,
            Double max,
            Map<String, Long> outcomes,
            int pending,
            double resolutionSeconds) {}

    /** The span of {@code /api/status/history} without {@code minutes} (at most what is kept). */
    static final int DEFAULT_HISTORY_MINUTES = 15;

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");

    @GET
    public Response status(@QueryParam("source") String source, @QueryParam("target") String target) {
        Optional<Response> unknown = SiteParameters.unknownSite(sites, "source", source, "target", target);
        if (unknown.isPresent()) {
            return unknown.get();
        }
        Instant now = Instant.now();
        ProbeProfile pp = profile.get();
        List<DirectionView> directions = collector.status().stream()
                .filter(d -> source == null || d.sourceSite().equals(source))
                .filter(d -> target == null || d.targetSite().equals(target))
                .map(d -> view(d, now))
                .toList();
        return Response.ok(new Status(
                        now,
                        sites.all().stream().map(Site::name).toList(),
                        collector.enabled(),
                        collector.reportInterval().toNanos() / 1e9,
                        new ProfileView(
                                pp.name(),
                                pp.ratePerSecond(),
                                pp.objectSizes(),
                                pp.late().toNanos() / 1e9,
                                pp.giveUp().toNanos() / 1e9),
                        directions))
                .build();
    }

    /**
     * {@code GET /api/status/history}: per direction, the report intervals that ended in the last
     * {@code minutes} (a whole number from 1 to what the collector keeps, {@code
     * syncmeter.collector.history}; default 15 or less), oldest first. {@code source} and {@code
     * target} select directions. A bad {@code minutes} or an unknown site is a 400 problem.
     */
    @GET
    @Path("history")
    public Response history(
            @QueryParam("minutes") String minutes,
            @QueryParam("source") String source,
            @QueryParam("target") String target) {
        int retained = (int) Math.max(
                1, Math.min(Integer.MAX_VALUE, (collector.historyRetention().toSeconds() + 59) / 60));
        int span = Math.min(DEFAULT_HISTORY_MINUTES, retained);
        if (minutes != null) {
            long m = WHOLE_NUMBER.matcher(minutes).matches() ? Long.parseLong(minutes) : -1;
            if (m < 1 || m > retained) {
                return Problem.badRequest(
                        "Bad minutes",
                        "Query parameter 'minutes' must be a whole number of minutes from 1 to " + retained
                                + " (syncmeter.collector.history), was '" + minutes + "'");
            }
            span = (int) m;
        }
        Optional<Response> unknown = SiteParameters.unknownSite(sites, "source", source, "target", target);
        if (unknown.isPresent()) {
            return unknown.get();
        }
        List<DirectionHistoryView> directions = collector.history(Duration.ofMinutes(span)).stream()
                .filter(d -> source == null || d.sourceSite().equals(source))
                .filter(d -> target == null || d.targetSite().equals(target))
                .map(d -> new DirectionHistoryView(
                        d.sourceSite(),
                        d.targetSite(),
                        d.intervals().stream().map(StatusResource::view).toList()))
                .toList();
        return Response.ok(new History(
                        Instant.now(), collector.reportInterval().toNanos() / 1e9, span, retained, directions))
                .build();
    }

    private static IntervalView view(LagInterval i) {
        LagDistribution lag = i.lag();
        return new IntervalView(
                i.start(),
                i.end(),
                lag.count(),
                lag.p50(),
                lag.p90(),
                lag.p99(),
                lag.p999(),
                lag.max(),
                labelled(i.outcomes()),
                i.pending(),
                i.resolution().toNanos() / 1e9);
    }

    /** Counts by outcome label, every outcome present, in the order of {@link Outcome}. */
    private static Map<String, Long> labelled(Map<Outcome, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            out.put(o.label(), counts.getOrDefault(o, 0L));
        }
        return out;
    }

    private static DirectionView view(Collector.DirectionStatus d, Instant now) {
        LagFigures s = d.stats();
        return new DirectionView(
                d.sourceSite(),
                d.targetSite(),
                window(s.lastInterval(), s.lastIntervalStart(), s.lastIntervalEnd()),
                window(s.sinceStart(), s.start(), now),
                labelled(s.outcomes()),
                d.pending(),
                s.lastIntervalResolution().toNanos() / 1e9);
    }

    private static Window window(LagDistribution d, Instant start, Instant end) {
        return new Window(start, end, d.count(), d.p50(), d.p90(), d.p99(), d.p999(), d.max());
    }
}
