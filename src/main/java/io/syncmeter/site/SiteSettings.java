package io.syncmeter.site;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

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

    /**
     * What a site name may be: a lower-case DNS label of at most 32 characters, since it is a metric
     * label and a key segment. Public so that whatever names sites (profiles too) checks them alike.
     */
    public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");

    /** What {@link #NAME} allows, in words, for messages. */
    public static final String NAME_RULE = "a lower-case DNS label of at most 32 characters (a-z, 0-9, '-')";

    /** A static key pair. */
    public record Credentials(String accessKey, String secretKey) {
        @Override
        public String toString() {
            return "Credentials[accessKey=" + accessKey + ", secretKey=***]";
        }
    }
}
