package io.syncmeter.api;

import io.syncmeter.site.Site;
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
        for (String[] p : new String[][] {{"source", source}, {"target", target}, {"site", site}}) {
            if (p[1] != null && sites.find(p[1]).isEmpty()) {
                return Problem.badRequest(
                        "Unknown site",
                        "Query parameter '" + p[0] + "' names no site: '" + p[1] + "'; sites are "
                                + sites.all().stream().map(Site::name).toList());
            }
        }
        SlaReport report = sla.report()
                .filter((o, s) -> (objective == null || o.name().equals(objective))
                        && (source == null || Objects.equals(s.sourceSite(), source))
                        && (target == null || Objects.equals(s.targetSite(), target))
                        && (site == null || Objects.equals(s.site(), site)));
        return Response.ok(report).build();
    }
}
