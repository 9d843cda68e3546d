package io.syncmeter.testing;

import io.syncmeter.bench.internal.LoadClient;
import io.syncmeter.embedded.internal.InProcessS3Site;
import io.syncmeter.site.Site;
import io.syncmeter.site.SiteSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One real in-process S3 server (S3Proxy, objects on the heap) with a bucket, on a free loopback
 * port, and sites connected to it with the service's client settings. Start in a {@code @BeforeAll},
 * close in an {@code @AfterAll} (which closes the sites it connected too); {@link #connect} may be
 * called from any thread.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "access";
    public static final String SECRET_KEY = "secret";

    private final String name;
    private final String bucket;
    private final InProcessS3Site server;
    private final List<S3Client> clients = new CopyOnWriteArrayList<>();

    private S3Server(String name, String bucket, InProcessS3Site server) {
        this.name = name;
        this.bucket = bucket;
        this.server = server;
    }

    /** Starts a server whose bucket is {@code bucket} (3 characters or more). */
    public static S3Server start(String name, String bucket) throws Exception {
        return new S3Server(
                name,
                bucket,
                InProcessS3Site.start(
                        name, 0, Optional.empty(), bucket, ACCESS_KEY, SECRET_KEY, null, Duration.ofSeconds(30)));
    }

    /**
     * Starts a server whose bucket is {@code bucket} and that honours conditional writes ({@code
     * If-None-Match: *}, {@code If-Match}) as AWS S3, MinIO and Ceph RGW do.
     */
    public static S3Server startHonouringConditions(String name, String bucket) throws Exception {
        return new S3Server(
                name,
                bucket,
                InProcessS3Site.start(
                        name, 0, Optional.empty(), bucket, ACCESS_KEY, SECRET_KEY, null, Duration.ofSeconds(30), true));
    }

    /** The site name it was started as. */
    public String name() {
        return name;
    }

    /** Its bucket. */
    public String bucket() {
        return bucket;
    }

    /** The server itself. */
    public InProcessS3Site server() {
        return server;
    }

    /** The settings of a site at this server, signing with {@code secret}. */
    public SiteSettings settings(String secret) {
        return new SiteSettings(
                name,
                Optional.of(server.endpoint()),
                "eu-west-1",
                bucket,
                true,
                false,
                Optional.of(new SiteSettings.Credentials(ACCESS_KEY, secret)));
    }

    /** A site with a client of its own (a pool of {@code connections}), closed with the server. */
    public Site connect(int connections) {
        Site site = Site.connect(settings(SECRET_KEY), new LoadClient(connections));
        clients.add(site.s3());
        return site;
    }

    /** Closes the clients {@link #connect} made, then the server. */
    @Override
    public void close() {
        clients.forEach(S3Client::close);
        server.close();
    }
}
