package io.syncmeter.api;

import io.syncmeter.bench.BenchRuns;
import io.syncmeter.bench.JointRun;
import io.syncmeter.bench.RunStatus;
import io.syncmeter.bench.WorkloadProfile;
import io.syncmeter.bench.WorkloadProfileException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Benchmark runs over HTTP, the same runs as the command line's {@code bench} ({@link BenchRuns}):
 *
 * <ul>
 *   <li>{@code POST /api/runs} with {@code {"profile": "NAME", "set": ["KEY=VALUE", …]}}: 202 with the
 *       run (Location: {@code /api/runs/{id}}); 400 for a bad body, an unknown profile, a bad
 *       override (each problem named by file, line and field) or a site not configured; 409 when a
 *       site already runs as many runs as allowed;
 *   <li>{@code GET /api/runs}: every listed run, the newest first; {@code GET /api/runs/{id}}: one,
 *       with its live progress, 404 when not listed;
 *   <li>{@code DELETE /api/runs/{id}}: cancels it (its cleanup still runs), 202 with the run;
 *   <li>{@code GET /api/runs/compare?a=ID&b=ID}: the two runs' differences per site, operation and
 *       measure, and whether each is beyond the runs' noise.
 * </ul>
 */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    /**
     * The body of {@code POST /api/runs}.
     *
     * @param profile a workload profile's name (in {@code probes/}, or shipped)
     * @param set overrides of its fields, as the command line's {@code --set}
     * @param join makes the run a party of the joint run of that name, as {@code --join}
     * @param parties how many parties the joint run has, as {@code --parties}
     * @param party this party's name, as {@code --party} (default: the run's id)
     */
    public record StartRequest(String profile, List<String> set, String join, Integer parties, String party) {}

    @Inject
    BenchRuns runs;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(StartRequest body) {
        if (body == null || body.profile() == null || body.profile().isBlank()) {
            return Problem.badRequest("No profile", "the body must name a workload profile: {\"profile\": \"NAME\"}");
        }
        List<String> overrides = body.set() == null ? List.of() : body.set();
        if (overrides.stream().anyMatch(o -> o == null)) {
            return Problem.badRequest("Bad override", "set: an override is null; each is \"KEY=VALUE\"");
        }
        try {
            WorkloadProfile profile = runs.named(body.profile(), overrides);
            Optional<JointRun> joint = Optional.empty();
            if (body.join() != null || body.parties() != null || body.party() != null) {
                List<String> problems = JointRun.problems(body.join(), body.party(), body.parties());
                if (!problems.isEmpty()) {
                    return Problem.badRequest(
                            "Invalid joint run", String.join("; ", problems).replace("--", ""));
                }
                joint = Optional.of(new JointRun(body.join(), body.party(), body.parties()));
            }
            RunStatus run = runs.start(profile, overrides, Optional.empty(), joint);
            return Response.accepted(run)
                    .location(URI.create("/api/runs/" + run.id()))
                    .build();
        } catch (WorkloadProfileException e) {
            return Problem.badRequest("Invalid workload profile", String.join("; ", e.problems()));
        } catch (BenchRuns.Invalid e) {
            return Problem.badRequest("Cannot run this profile", e.getMessage());
        } catch (BenchRuns.Busy e) {
            return problem(409, "Site busy", e.getMessage());
        }
    }

    @GET
    public List<RunStatus> list() {
        return runs.list();
    }

    @GET
    @Path("compare")
    public Response compare(@QueryParam("a") String a, @QueryParam("b") String b) {
        if (a == null || b == null) {
            return Problem.badRequest("Two runs needed", "give both runs' ids: ?a=ID&b=ID");
        }
        try {
            return Response.ok(runs.compare(a, b)).build();
        } catch (BenchRuns.Invalid e) {
            return Problem.badRequest("Cannot compare", e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            return problem(409, "Results unreadable", e.getMessage());
        }
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return runs.find(id).map(r -> Response.ok(r).build()).orElseGet(() -> notListed(id));
    }

    @DELETE
    @Path("{id}")
    public Response cancel(@PathParam("id") String id) {
        return runs.cancel(id).map(r -> Response.accepted(r).build()).orElseGet(() -> notListed(id));
    }

    private static Response notListed(String id) {
        return problem(404, "No such run", "no benchmark run " + id + " is listed here");
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail))
                .build();
    }
}
