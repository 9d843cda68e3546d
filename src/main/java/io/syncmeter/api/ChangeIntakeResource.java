package io.syncmeter.api;

import io.syncmeter.sync.ChangeIntake;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/sync/changes[?site=NAME]}: the webhook that sites push their bucket notifications
 * to (S3 event-notification JSON, as Ceph RGW, MinIO and AWS send it). 202 with the number of changes
 * once they are on the change topic; 400 with a problem naming what was wrong when the body is not
 * usable (nothing is written, the body is set aside); 503 when the change topic cannot be written
 * within {@value #WRITE_SECONDS} s (the sender should retry).
 */
@Path("/api/sync/changes")
public class ChangeIntakeResource {

    static final long WRITE_SECONDS = 10;

    private static final Logger LOG = Logger.getLogger(ChangeIntakeResource.class);

    @Inject
    ChangeIntake intake;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> push(@QueryParam("site") String site, String body) {
        CompletableFuture<Integer> written;
        try {
            written = intake.accept(body, site);
        } catch (ChangeIntake.Refused e) {
            return CompletableFuture.completedFuture(
                    Problem.badRequest("Unusable change notification", e.reason() + ": " + e.getMessage()));
        }
        return written.orTimeout(WRITE_SECONDS, TimeUnit.SECONDS).handle((n, e) -> {
            if (e == null) {
                return Response.accepted(Map.of("accepted", n)).build();
            }
            LOG.warnf("Pushed changes not written to the change topic: %s", e.toString());
            return Response.status(503)
                    .type(Problem.MEDIA_TYPE)
                    .header("Retry-After", Duration.ofSeconds(5).toSeconds())
                    .entity(new Problem(
                            "about:blank",
                            "Change topic unavailable",
                            503,
                            "the changes could not be written to the change topic within " + WRITE_SECONDS + " s: "
                                    + e))
                    .build();
        });
    }
}
