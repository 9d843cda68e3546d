package io.syncmeter.embedded.internal;

import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.shaded.org.eclipse.jetty.server.Connector;
import org.gaul.shaded.org.eclipse.jetty.server.HttpConnectionFactory;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.gaul.shaded.org.eclipse.jetty.server.handler.HandlerWrapper;
import org.jboss.logging.Logger;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3 server (S3Proxy) in this JVM on 127.0.0.1, with one bucket, that reports each change to a
 * notifier. Objects live in files under a data directory (jclouds' {@code filesystem} store), or,
 * for tests only, on the heap (the {@code transient} store, which grows with every object written).
 * Prefixed listings read only the page they return ({@link IndexedListingBlobStore}); conditional
 * writes are honoured when asked ({@link WriteConditions}); Jetty's header cache is off.
 *
 * <p>Start once; {@link #close()} is idempotent. Not thread-safe: one owner starts and stops it;
 * {@link #serverState()} may be read from any thread.
 */
public final class InProcessS3Site implements AutoCloseable {

    /** The {@link #serverState()} of a site that serves requests. */
    public static final String RUNNING = "STARTED";

    private static final Logger LOG = Logger.getLogger(InProcessS3Site.class);

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
        return start(name, port, dataDir, bucket, accessKey, secretKey, notifier, timeout, false);
    }

    /**
     * Starts a site, which honours conditional writes if asked ({@link WriteConditions}); the other
     * parameters are those of {@link #start(String, int, Optional, String, String, String,
     * KafkaChangeNotifier, Duration)}.
     */
    public static InProcessS3Site start(
            String name,
            int port,
            Optional<Path> dataDir,
            String bucket,
            String accessKey,
            String secretKey,
            KafkaChangeNotifier notifier,
            Duration timeout,
            boolean conditionalWrites)
            throws Exception {
        InProcessS3Site site = new InProcessS3Site(name);
        try {
            site.doStart(port, dataDir, bucket, accessKey, secretKey, notifier, timeout, conditionalWrites);
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
            Duration timeout,
            boolean conditionalWrites)
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
        WriteConditions conditions = conditionalWrites ? new WriteConditions() : null;
        BlobStore indexed = new IndexedListingBlobStore(store, dataDir.isPresent());
        BlobStore guarded = conditions == null ? indexed : conditions.store(indexed);
        BlobStore served = notifier == null ? guarded : new NotifyingBlobStore(guarded, notifier);
        proxy = S3Proxy.builder()
                .blobStore(served)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .jettyMaxThreads(32)
                .ignoreUnknownHeaders(true)
                .build();
        Server jetty = jetty(proxy);
        withoutHeaderCache(jetty);
        if (conditions != null) {
            if (jetty == null) {
                throw new IllegalStateException(
                        "S3 site " + name + ": cannot reach S3Proxy's HTTP server to honour" + " conditional writes");
            }
            HandlerWrapper check = conditions.handler();
            check.setHandler(jetty.getHandler());
            jetty.setHandler(check);
        }
        proxy.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!RUNNING.equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3 site " + name + " did not start within " + timeout);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }

    /**
     * Turns off Jetty's per-connection header field cache in the proxy's connectors. Jetty caches the
     * {@code Authorization} header among others, and a SigV4 signature differs on every request, so
     * the cache fills within a few requests and is cleared again and again: that was a fifth of the
     * sites' CPU in a profile of the embedded default. S3Proxy does not expose Jetty's settings, hence
     * the reflection ({@link #jetty}); if it fails the site runs with the cache.
     */
    private void withoutHeaderCache(Server server) {
        if (server == null) {
            return;
        }
        for (Connector connector : server.getConnectors()) {
            HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
            if (http != null) {
                http.getHttpConfiguration().setHeaderCacheSize(0);
            }
        }
    }

    // S3Proxy's Jetty server, or null (logged) when this S3Proxy keeps it elsewhere
    private Server jetty(S3Proxy built) {
        try {
            Field field = S3Proxy.class.getDeclaredField("server");
            field.setAccessible(true);
            return (Server) field.get(built);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("S3 site %s: S3Proxy's HTTP server is out of reach, its settings stay as they are: %s", name, e);
            return null;
        }
    }

    /** The size of the header field cache of the site's HTTP connectors, the largest if several (for tests). */
    int headerCacheSize() {
        int size = -1;
        for (Connector connector : jetty(proxy).getConnectors()) {
            HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
            if (http != null) {
                size = Math.max(size, http.getHttpConfiguration().getHeaderCacheSize());
            }
        }
        return size;
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
