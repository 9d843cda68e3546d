package io.syncmeter.rgw.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A client of the RGW admin REST API ({@code /admin/...}), signed with AWS SigV4 like S3 requests,
 * with the keys of a user that has the needed caps (the multisite system user has them all). Works
 * wherever syncmeter can reach a gateway: no Ceph binaries or cluster configuration needed.
 * Thread-safe.
 */
public final class RgwAdminClient {

    // SHA-256 of an empty body: RGW requires x-amz-content-sha256 on every signed request
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final AwsCredentialsIdentity credentials;
    private final String region;
    private final Duration timeout;
    private final HttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public RgwAdminClient(URI endpoint, String accessKey, String secretKey, String region, Duration timeout) {
        this.endpoint = endpoint;
        this.credentials = AwsCredentialsIdentity.create(accessKey, secretKey);
        this.region = region;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The gateway this client talks to. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * GETs an admin resource and parses its JSON body.
     *
     * @param path e.g. {@code /admin/log/}
     * @param query parameters; an empty value sends a bare flag ({@code status})
     * @throws RgwAdminException with the status and body when the gateway answers other than 2xx
     */
    public JsonNode get(String path, Map<String, String> query) throws IOException, InterruptedException {
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(endpoint)
                .encodedPath(path)
                .putHeader("x-amz-content-sha256", EMPTY_SHA256);
        query.forEach(unsigned::appendRawQueryParameter);
        SignedRequest signed = signer.sign(r -> r.identity(credentials)
                .request(unsigned.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false));
        SdkHttpRequest request = signed.request();
        HttpRequest.Builder out =
                HttpRequest.newBuilder(request.getUri()).timeout(timeout).GET();
        request.forEachHeader((name, values) -> {
            // the JDK client sets Host itself and refuses it as a header
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> out.header(name, v));
            }
        });
        HttpResponse<String> response = http.send(out.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new RgwAdminException(request.getUri(), response.statusCode(), response.body());
        }
        String body = response.body();
        return body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
    }

    /** The gateway answered a non-2xx status. */
    public static final class RgwAdminException extends IOException {
        private final int status;

        RgwAdminException(URI uri, int status, String body) {
            super("RGW admin " + uri.getPath() + "?" + uri.getQuery() + " answered " + status + ": "
                    + (body.length() > 300 ? body.substring(0, 300) : body));
            this.status = status;
        }

        /** The HTTP status. */
        public int status() {
            return status;
        }
    }
}
