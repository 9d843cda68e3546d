package io.syncmeter.api;

import io.syncmeter.rgw.lint.InvalidManifestException;
import io.syncmeter.rgw.lint.LintReport;
import io.syncmeter.rgw.lint.RookTopologyLint;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /api/lint/rook}: lints the Rook multisite manifests of the body (multi-document YAML
 * or a {@code kind: List}) and answers the findings with their counts ({@link LintReport}), 200
 * whatever the findings. Malformed YAML, an empty body or a field of the wrong type is a 400
 * problem naming what was wrong (and the line when known).
 */
@Path("/api/lint/rook")
public class LintResource {

    /** Where messages say the manifests came from. */
    static final String SOURCE = "request body";

    @POST
    @Consumes({"application/yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Response lint(String body) {
        if (body == null || body.isBlank()) {
            return Problem.badRequest(
                    "No manifests",
                    "The request body is empty: send Rook manifests (CephObjectRealm, CephObjectZoneGroup,"
                            + " CephObjectZone, CephObjectStore) as YAML");
        }
        try {
            return Response.ok(RookTopologyLint.lint(SOURCE, body)).build();
        } catch (InvalidManifestException e) {
            return Problem.badRequest("Invalid manifests", e.getMessage());
        }
    }
}
