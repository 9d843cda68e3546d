package io.syncmeter.bench.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The bounded kind of a failed benchmark operation, a label of the run's results: {@value #NOT_FOUND}
 * (HTTP 404), {@code http-<status>} for the server's other errors, {@value #TIMEOUT} when the call or a
 * socket timed out, {@value #CONNECTION} when the connection could not be made or broke, {@value
 * #CLIENT} for anything else the client refused or could not do. Stateless.
 */
final class ErrorKind {

    /** The server answered 404: the key is not there. */
    static final String NOT_FOUND = "not-found";

    /** The call, an attempt of it, or a socket connect or read timed out. */
    static final String TIMEOUT = "timeout";

    /** The connection was refused, reset or closed. */
    static final String CONNECTION = "connection";

    /** Anything else. */
    static final String CLIENT = "client";

    // a cause chain deeper than this is not the SDK's wrapping of an I/O failure
    private static final int MAX_CAUSES = 16;

    private ErrorKind() {}

    /** The kind of failure {@code e}: one of a small, fixed set ({@code http-<status>} has at most 500). */
    static String of(Throwable e) {
        if (e instanceof SdkServiceException s && s.statusCode() >= 100 && s.statusCode() <= 599) {
            return s.statusCode() == 404 ? NOT_FOUND : "http-" + s.statusCode();
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return TIMEOUT;
        }
        // the SDK wraps what the HTTP client threw; a timeout anywhere in the chain wins over the
        // I/O failure around it (the Apache client's ConnectTimeoutException is an InterruptedIOException)
        String kind = CLIENT;
        Throwable c = e;
        for (int depth = 0; c != null && depth < MAX_CAUSES; depth++, c = c.getCause()) {
            if (c instanceof InterruptedIOException) {
                return TIMEOUT;
            }
            if (c instanceof IOException) {
                kind = CONNECTION;
            }
        }
        return kind;
    }
}
