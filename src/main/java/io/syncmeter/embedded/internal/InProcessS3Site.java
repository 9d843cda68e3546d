package io.syncmeter.embedded.internal;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3 server (S3Proxy) in this JVM on 127.0.0.1, with one bucket, that reports each change to a
 * notifier. Objects live in files under a data directory (jclouds' {@code filesystem} store), or,
 * for tests only, on the heap (the {@code transient} store, which grows with every object written).
 *
 * <p>Start once; {@link #close()} is idempotent. Not thread-safe: one owner starts and stops it;
 * {@link #serverState()} may be read from any thread.
 */
public final class InProcessS3Site implements AutoCloseable {

    /** The {@link #serverState()} of a site that serves requests. */
    public static final String RUNNING = "STARTED";

    private final String name;
    private BlobStoreContext context;
    private volatile S3Proxy proxy;

    private InProcessS3Site(String name) {
        this.name = name;
    }

    /**
     * Starts a site.
     *
     * @param name the site name
     * @param port the port, 0 for a free one
     * @param dataDir the directory objects live in; empty keeps them on the heap (tests only: nothing
     *     bounds its growth)
     * @param bucket the bucket to create
     * @param accessKey the access key clients sign with
     * @param secretKey the secret key
     * @param notifier receives every change, or {@code null} for none
     */
    public static InProcessS3Site start(
            String name,
            int port,
            Optional<Path> dataDir,
            String bucket,
            String accessKey,
            String secretKey,
            KafkaChangeNotifier notifier,
            Duration timeout)
            throws Exception {
        InProcessS3Site site = new InProcessS3Site(name);
        try {
            site.doStart(port, dataDir, bucket, accessKey, secretKey, notifier, timeout);
            return site;
        } catch (Exception | Error e) {
            site.close();
            throw e;
        }
    }

    private void doStart(
            int port,
            Optional<Path> dataDir,
            String bucket,
            String accessKey,
            String secretKey,
            KafkaChangeNotifier notifier,
            Duration timeout)
            throws Exception {
        Properties overrides = new Properties();
        ContextBuilder builder;
        if (dataDir.isPresent()) {
            Files.createDirectories(dataDir.get());
            overrides.setProperty("jclouds.filesystem.basedir", dataDir.get().toString());
            builder = ContextBuilder.newBuilder("filesystem");
        } else {
            builder = ContextBuilder.newBuilder("transient");
        }
        context = builder.credentials("identity", "credential")
                .overrides(overrides)
                .build(BlobStoreContext.class);
        BlobStore store = context.getBlobStore();
        store.createContainerInLocation(null, bucket);
        BlobStore served = notifier == null ? store : new NotifyingBlobStore(store, notifier);
        proxy = S3Proxy.builder()
                .blobStore(served)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .jettyMaxThreads(32)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!RUNNING.equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3 site " + name + " did not start within " + timeout);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }

    /** The site's endpoint URL. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** The state of the site's HTTP server ({@link #RUNNING} while it serves; {@code STOPPED} once closed). */
    public String serverState() {
        S3Proxy p = proxy;
        return p == null ? "STOPPED" : p.getState();
    }

    /** The site name. */
    public String name() {
        return name;
    }

    @Override
    public void close() {
        S3Proxy p = proxy;
        try {
            if (p != null) {
                p.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException("S3 site " + name + " did not stop cleanly", e);
        } finally {
            proxy = null;
            if (context != null) {
                context.close();
                context = null;
            }
        }
    }
}
