package io.syncmeter.api;

import io.syncmeter.site.SiteRegistry;
import io.syncmeter.sla.Objective;
import io.syncmeter.sla.SlaEvaluator;
import io.syncmeter.sla.SlaReport;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /api/sla}: per objective and series (direction or site), the window covered, good and
 * total events, compliance, the error budget left, burn rates and the worst offenders, over every
 * instance sharing the SLA state. Optional {@code objective}, {@code source}, {@code target} and
 * {@code site} query parameters select; an unknown name is a 400 problem naming the parameter.
 */
@Path("/api/sla")
@Produces(MediaType.APPLICATION_JSON)
public class SlaResource {

    @Inject
    SlaEvaluator sla;

    @Inject
    SiteRegistry sites;

    @GET
    public Response report(
            @QueryParam("objective") String objective,
            @QueryParam("source") String source,
            @QueryParam("target") String target,
            @QueryParam("site") String site) {
        if (objective != null
                && sla.objectives().stream().noneMatch(o -> o.name().equals(objective))) {
            return Problem.badRequest(
                    "Unknown objective",
                    "Query parameter 'objective' names no objective: '" + objective + "'; objectives are "
                            + sla.objectives().stream().map(Objective::name).toList());
        }
        Optional<Response> unknown =
                SiteParameters.unknownSite(sites, "source", source, "target", target, "site", site);
        if (unknown.isPresent()) {
            return unknown.get();
        }
        SlaReport report = sla.report()
                .filter((o, s) -> (objective == null || o.name().equals(objective))
                        && (source == null || Objects.equals(s.sourceSite(), source))
                        && (target == null || Objects.equals(s.targetSite(), target))
                        && (site == null || Objects.equals(s.site(), site)));
        return Response.ok(report).build();
    }
}
