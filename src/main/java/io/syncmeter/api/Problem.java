package io.syncmeter.api;

import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem description, the body of every 4xx the API returns.
 *
 * @param type a URI naming the problem type ({@code about:blank} for plain HTTP status meaning)
 * @param title a short summary
 * @param status the HTTP status
 * @param detail what exactly was wrong with this request
 */
public record Problem(String type, String title, int status, String detail) {

    /** The media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** A 400 response with a problem body. */
    public static Response badRequest(String title, String detail) {
        return Response.status(400)
                .type(MEDIA_TYPE)
                .entity(new Problem("about:blank", title, 400, detail))
                .build();
    }
}
