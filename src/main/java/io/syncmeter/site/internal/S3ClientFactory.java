package io.syncmeter.site.internal;

import io.syncmeter.site.SiteSettings;
import io.syncmeter.site.SitesConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds one S3 client per site. Stateless. */
public final class S3ClientFactory {

    private S3ClientFactory() {}

    /** A client for the site; the caller owns it and closes it. */
    public static S3Client create(SiteSettings site, SitesConfig.Client client) {
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
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallTimeout(client.apiCallTimeout())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(client.maxRetries() + 1)
                                .build()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(client.connectTimeout())
                        .socketTimeout(client.apiCallTimeout()));
        site.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
