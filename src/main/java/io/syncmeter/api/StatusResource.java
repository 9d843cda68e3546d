package io.syncmeter.api;

import io.syncmeter.collector.Collector;
import io.syncmeter.collector.LagDistribution;
import io.syncmeter.collector.LagFigures;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/status}: per direction, lag percentiles of the last report interval and since
 * start, counts per outcome, probes pending and the lag resolution. Optional {@code source} and
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

    @GET
    public Response status(@QueryParam("source") String source, @QueryParam("target") String target) {
        for (String[] p : new String[][] {{"source", source}, {"target", target}}) {
            if (p[1] != null && sites.find(p[1]).isEmpty()) {
                return Problem.badRequest(
                        "Unknown site",
                        "Query parameter '" + p[0] + "' names no site: '" + p[1] + "'; sites are "
                                + sites.all().stream().map(Site::name).toList());
            }
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

    private static DirectionView view(Collector.DirectionStatus d, Instant now) {
        LagFigures s = d.stats();
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            outcomes.put(o.label(), s.outcomes().get(o));
        }
        return new DirectionView(
                d.sourceSite(),
                d.targetSite(),
                window(s.lastInterval(), s.lastIntervalStart(), s.lastIntervalEnd()),
                window(s.sinceStart(), s.start(), now),
                outcomes,
                d.pending(),
                s.lastIntervalResolution().toNanos() / 1e9);
    }

    private static Window window(LagDistribution d, Instant start, Instant end) {
        return new Window(start, end, d.count(), d.p50(), d.p90(), d.p99(), d.p999(), d.max());
    }
}
