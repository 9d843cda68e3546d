package io.syncmeter.site;

import java.net.URI;
import java.util.Optional;

/**
 * A site's settings after validation, credentials resolved.
 *
 * @param name the site name
 * @param endpoint the endpoint URL, empty for AWS
 * @param region the signing region
 * @param bucket the bucket
 * @param pathStyle path-style addressing
 * @param createBucket create the bucket at startup when missing
 * @param credentials static credentials, empty for the AWS default chain
 */
public record SiteSettings(
        String name,
        Optional<URI> endpoint,
        String region,
        String bucket,
        boolean pathStyle,
        boolean createBucket,
        Optional<Credentials> credentials) {

    /** A static key pair. */
    public record Credentials(String accessKey, String secretKey) {
        @Override
        public String toString() {
            return "Credentials[accessKey=" + accessKey + ", secretKey=***]";
        }
    }
}
