package io.syncmeter.site;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The S3 sites syncmeter probes and replicates between, keyed by site name ({@code
 * syncmeter.sites.<name>.*}). When no site is configured, the embedded default starts two in-process
 * sites, {@code dc1} and {@code dc2}. Validated at startup by {@link SiteRegistry}.
 */
@ConfigMapping(prefix = "syncmeter")
public interface SitesConfig {

    /** The sites by name; names are lower-case DNS labels because they become metric labels and key prefixes. */
    @WithName("sites")
    Map<String, Site> sites();

    /** Settings shared by every site's S3 client. */
    @WithName("s3-client")
    Client client();

    /** One S3 endpoint. */
    interface Site {
        /** The S3 endpoint URL (http or https); absent means the AWS default endpoint of {@link #region()}. */
        Optional<URI> endpoint();

        /** The signing region. */
        @WithDefault("us-east-1")
        String region();

        /** The bucket syncmeter writes probes to and replicates; must exist unless {@link #createBucket()}. */
        String bucket();

        /** Path-style addressing ({@code http://host/bucket/key}), needed by most on-premises servers. */
        @WithDefault("true")
        boolean pathStyle();

        /** Create the bucket at startup when it does not exist. */
        @WithDefault("false")
        boolean createBucket();

        /** The access key; when absent, {@link #accessKeyEnv()} or the AWS default credential chain. */
        Optional<String> accessKey();

        /** The secret key; set together with {@link #accessKey()}. */
        Optional<String> secretKey();

        /** The name of an environment variable that holds the access key. */
        Optional<String> accessKeyEnv();

        /** The name of an environment variable that holds the secret key. */
        Optional<String> secretKeyEnv();
    }

    /** The HTTP client implementations an S3 client can use. */
    enum HttpClientKind {
        APACHE,
        URL_CONNECTION
    }

    /** HTTP client settings of every site's S3 client. */
    interface Client {
        /** Time allowed to open a connection. */
        @WithDefault("2s")
        Duration connectTimeout();

        /** Time allowed for a whole S3 call, retries included. */
        @WithDefault("10s")
        Duration apiCallTimeout();

        /** Retries of a failed S3 call by the SDK; probes count failures themselves, so few. */
        @WithDefault("1")
        int maxRetries();

        /**
         * The HTTP client: {@code apache} (a connection pool of {@link #maxConnections()} per site) or
         * {@code url-connection} (the JDK's, which keeps at most 5 idle connections per endpoint).
         */
        @WithDefault("apache")
        HttpClientKind httpClient();

        /**
         * Connections per site, at most ({@code apache} client): enough for the sync engine's lanes and
         * the probe PUTs in flight, so no request waits for one or opens a new one. From 1 to 1024.
         */
        @WithDefault("64")
        int maxConnections();

        /**
         * Whether PUT bodies to a plain-HTTP endpoint are sent {@code aws-chunked}, signed chunk by
         * chunk (the SDK's default), rather than signed whole (every S3 server accepts that; some
         * S3-compatible ones not {@code aws-chunked}, and decoding it was half the in-process sites'
         * CPU). syncmeter only PUTs bodies it holds in memory (probes, copies in parts), so whole
         * signing always works. HTTPS endpoints send unsigned payloads either way.
         */
        @WithDefault("false")
        boolean chunkedEncoding();
    }
}
