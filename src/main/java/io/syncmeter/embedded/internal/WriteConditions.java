package io.syncmeter.embedded.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.handler.HandlerWrapper;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.http.HttpCommand;
import org.jclouds.http.HttpRequest;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;

/**
 * Conditional writes for the in-process sites, as AWS S3, MinIO and Ceph RGW take them: a PUT (or a
 * server-side copy) with {@code If-None-Match: *} is refused with 412 when the key exists, one with
 * {@code If-Match: <etag>} when the key is missing or holds another ETag (quoted or not). The
 * conditions of a CompleteMultipartUpload are not honoured. S3Proxy ignores both headers; with them honoured
 * the sync engine copies a new object in two requests instead of three, and a worker that lost its
 * shard cannot land an older copy over a newer one.
 *
 * <p>Two parts: {@link #handler} reads the headers of a PUT on the request thread,
 * and {@link #store} checks them against the key's current ETag and writes, both under the key's
 * lock, when S3Proxy calls the store on that same thread. Every write and delete of a key takes the
 * same lock, so no other change lands between a check and its write. Part uploads and other requests
 * pass unchecked.
 *
 * <p>Thread-safe; one instance per site.
 */
final class WriteConditions {

    /** The conditions of the PUT the current request thread handles. */
    private record Condition(String ifMatch, String ifNoneMatch) {}

    private static final int STRIPES = 1024;

    private final ThreadLocal<Condition> current = new ThreadLocal<>();
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    WriteConditions() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** A Jetty handler in front of S3Proxy's that takes note of a PUT's conditions. */
    HandlerWrapper handler() {
        return new HandlerWrapper() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                    throws IOException, jakarta.servlet.ServletException {
                String ifMatch = request.getHeader("If-Match");
                String ifNoneMatch = request.getHeader("If-None-Match");
                // the query string, not getParameter: that would read a form-encoded body as parameters
                String query = request.getQueryString();
                boolean part = query != null && query.contains("uploadId=");
                if ((ifMatch == null && ifNoneMatch == null) || !"PUT".equals(request.getMethod()) || part) {
                    super.handle(target, base, request, response);
                    return;
                }
                current.set(new Condition(ifMatch, ifNoneMatch));
                try {
                    super.handle(target, base, request, response);
                } finally {
                    current.remove();
                }
            }
        };
    }

    /** A store that checks the current request's conditions on its writes, under each key's lock. */
    BlobStore store(BlobStore delegate) {
        return new ForwardingBlobStore(delegate) {
            @Override
            public String putBlob(String container, Blob blob) {
                return write(container, blob.getMetadata().getName(), () -> super.putBlob(container, blob));
            }

            @Override
            public String putBlob(String container, Blob blob, PutOptions options) {
                return write(container, blob.getMetadata().getName(), () -> super.putBlob(container, blob, options));
            }

            @Override
            public String copyBlob(String from, String fromName, String to, String toName, CopyOptions options) {
                return write(to, toName, () -> super.copyBlob(from, fromName, to, toName, options));
            }

            @Override
            public String completeMultipartUpload(MultipartUpload mpu, List<MultipartPart> parts) {
                // unchecked: S3Proxy completes on a thread of its own, and CompleteMultipartUpload's
                // conditions are not honoured here; the lock still orders it against checked writes
                return write(mpu.containerName(), mpu.blobName(), () -> super.completeMultipartUpload(mpu, parts));
            }

            @Override
            public void removeBlob(String container, String name) {
                ReentrantLock lock = lock(container, name);
                lock.lock();
                try {
                    super.removeBlob(container, name);
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void removeBlobs(String container, Iterable<String> names) {
                // one key at a time, each under its lock, as jclouds' local stores remove them
                for (String name : names) {
                    removeBlob(container, name);
                }
            }

            private String write(String container, String name, Supplier<String> write) {
                ReentrantLock lock = lock(container, name);
                lock.lock();
                try {
                    Condition c = current.get();
                    if (c != null) {
                        current.remove(); // a request's conditions apply to its one write
                        BlobMetadata held = delegate().blobMetadata(container, name);
                        if (!holds(c, held == null ? null : held.getETag())) {
                            throw preconditionFailed(container, name);
                        }
                    }
                    return write.get();
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    /** Whether a write under condition {@code c} may replace {@code etag} (null: the key is missing). */
    private static boolean holds(Condition c, String etag) {
        if (c.ifNoneMatch() != null) {
            String v = c.ifNoneMatch().trim();
            if (etag != null && (v.equals("*") || unquote(v).equals(unquote(etag)))) {
                return false;
            }
        }
        if (c.ifMatch() != null) {
            String v = c.ifMatch().trim();
            if (etag == null || !(v.equals("*") || unquote(v).equals(unquote(etag)))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a write with these headers (null: absent) may replace {@code etag} (null: missing). */
    static boolean holds(String ifMatch, String ifNoneMatch, String etag) {
        return holds(new Condition(ifMatch, ifNoneMatch), etag);
    }

    private static String unquote(String etag) {
        String e = etag.startsWith("W/") ? etag.substring(2) : etag;
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    private ReentrantLock lock(String container, String name) {
        return locks[Math.floorMod((container + '/' + name).hashCode(), STRIPES)];
    }

    // S3Proxy answers a jclouds response exception of 412 with S3's PreconditionFailed
    private static HttpResponseException preconditionFailed(String container, String name) {
        HttpRequest request =
                HttpRequest.builder().method("PUT").endpoint("http://stub").build();
        return new HttpResponseException(
                "precondition of the write of " + name + " failed",
                new HttpCommand(request),
                HttpResponse.builder().statusCode(412).build());
    }
}
