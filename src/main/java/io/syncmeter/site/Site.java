package io.syncmeter.site;

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

    @Override
    public String toString() {
        return name + "(" + endpoint.map(URI::toString).orElse("aws") + "/" + bucket + ")";
    }
}
