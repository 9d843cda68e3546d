package io.syncmeter.site.internal;

import io.syncmeter.site.SiteSettings;
import io.syncmeter.site.SitesConfig;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/** Builds one S3 client per site. Stateless. */
public final class S3ClientFactory {

    private S3ClientFactory() {}

    /** Why the client settings cannot be used, naming the key; empty when they can. */
    public static List<String> problems(SitesConfig.Client client) {
        if (client.maxConnections() < 1 || client.maxConnections() > 1024) {
            return List.of(
                    "syncmeter.s3-client.max-connections: must be from 1 to 1024, was " + client.maxConnections());
        }
        return List.of();
    }

    private static SdkHttpClient.Builder<?> httpClient(SitesConfig.Client client) {
        return switch (client.httpClient()) {
            // measured on the embedded default (BENCHMARKS.md): the JDK client's 5 idle connections per
            // endpoint made the sites open a connection for most requests
            case APACHE ->
                ApacheHttpClient.builder()
                        .maxConnections(client.maxConnections())
                        .connectionTimeout(client.connectTimeout())
                        .socketTimeout(client.apiCallTimeout());
            case URL_CONNECTION ->
                UrlConnectionHttpClient.builder()
                        .connectionTimeout(client.connectTimeout())
                        .socketTimeout(client.apiCallTimeout());
        };
    }

    /** A client for the site; the caller owns it and closes it. */
    public static S3Client create(SiteSettings site, SitesConfig.Client client) {
        return builder(site, client).build();
    }

    /** The builder {@link #create} builds, for a benchmark to compare variants of its settings. */
    public static S3ClientBuilder builder(SiteSettings site, SitesConfig.Client client) {
        AwsCredentialsProvider credentials = site.credentials()
                .<AwsCredentialsProvider>map(
                        c -> StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKey(), c.secretKey())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        var builder = S3Client.builder()
                .region(Region.of(site.region()))
                .forcePathStyle(site.pathStyle())
                .credentialsProvider(credentials)
                // S3-compatible servers (RGW releases, S3Proxy) reject the SDK's default trailing checksums
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder()
                        .chunkedEncodingEnabled(client.chunkedEncoding())
                        .build())
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallTimeout(client.apiCallTimeout())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(client.maxRetries() + 1)
                                .build()))
                .httpClientBuilder(httpClient(client));
        site.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }
}
