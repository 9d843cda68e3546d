package io.syncmeter.site;

import io.syncmeter.site.internal.S3ClientFactory;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A named S3 site with its client. The client is built once by {@link SiteRegistry}, shared by every
 * feature and thread (the AWS SDK's clients are thread-safe), and closed when the registry is.
 *
 * @param name the site name, used as a metric label and in probe keys
 * @param endpoint the endpoint URL, empty for the AWS default endpoint
 * @param bucket the bucket syncmeter uses at this site
 * @param s3 the site's client
 */
public record Site(String name, Optional<URI> endpoint, String bucket, S3Client s3) {

    /**
     * A site with a new client built like the registry's, for commands that run without the service
     * (benchmarks); the caller owns it and closes its client.
     */
    public static Site connect(SiteSettings settings, SitesConfig.Client client) {
        return new Site(
                settings.name(), settings.endpoint(), settings.bucket(), S3ClientFactory.create(settings, client));
    }

    @Override
    public String toString() {
        return name + "(" + endpoint.map(URI::toString).orElse("aws") + "/" + bucket + ")";
    }
}
