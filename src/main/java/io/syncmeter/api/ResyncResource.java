package io.syncmeter.api;

import io.syncmeter.sync.Resync;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;

/**
 * {@code POST /api/sync/resync[?direction=dc1->dc2][&prefix=data/]}: starts a full sync ({@link
 * Resync}) and answers 202 with the run as it starts (Location: where to follow it); 409 while one
 * runs; 400 for a direction that is not replicated or a prefix outside the replicated ones. {@code GET
 * /api/sync/resync}: the current or last run, 404 before the first.
 */
@Path("/api/sync/resync")
@Produces(MediaType.APPLICATION_JSON)
public class ResyncResource {

    @Inject
    Resync resync;

    @POST
    public Response start(@QueryParam("direction") String direction, @QueryParam("prefix") String prefix) {
        try {
            Resync.Report run = resync.start(Optional.ofNullable(direction), Optional.ofNullable(prefix), "request");
            return Response.accepted(run)
                    .location(URI.create("/api/sync/resync"))
                    .build();
        } catch (Resync.Busy e) {
            return Response.status(409)
                    .type(Problem.MEDIA_TYPE)
                    .entity(new Problem("about:blank", "Full sync running", 409, e.getMessage()))
                    .build();
        } catch (Resync.Invalid e) {
            return Problem.badRequest("Nothing to sync there", e.getMessage());
        }
    }

    @GET
    public Response last() {
        return resync.last()
                .map(r -> Response.ok(r).build())
                .orElseGet(() -> Response.status(404)
                        .type(Problem.MEDIA_TYPE)
                        .entity(new Problem("about:blank", "No full sync yet", 404, "no full sync has run here"))
                        .build());
    }
}
