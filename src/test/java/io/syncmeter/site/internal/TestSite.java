package io.syncmeter.site.internal;

import io.syncmeter.site.SitesConfig;
import java.net.URI;
import java.util.Optional;

/** A {@link SitesConfig.Site} built in code, with the mapping's defaults; the {@code with*} methods copy. */
record TestSite(
        Optional<URI> endpoint,
        String region,
        String bucket,
        boolean pathStyle,
        boolean createBucket,
        Optional<String> accessKey,
        Optional<String> secretKey,
        Optional<String> accessKeyEnv,
        Optional<String> secretKeyEnv)
        implements SitesConfig.Site {

    /** A valid site at that endpoint and bucket, without credentials (AWS default chain). */
    static TestSite of(String endpoint, String bucket) {
        return new TestSite(
                Optional.of(URI.create(endpoint)),
                "us-east-1",
                bucket,
                true,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    TestSite withEndpoint(String endpoint) {
        return new TestSite(
                Optional.ofNullable(endpoint).map(URI::create),
                region,
                bucket,
                pathStyle,
                createBucket,
                accessKey,
                secretKey,
                accessKeyEnv,
                secretKeyEnv);
    }

    TestSite withRegion(String region) {
        return new TestSite(
                endpoint, region, bucket, pathStyle, createBucket, accessKey, secretKey, accessKeyEnv, secretKeyEnv);
    }

    TestSite withBucket(String bucket) {
        return new TestSite(
                endpoint, region, bucket, pathStyle, createBucket, accessKey, secretKey, accessKeyEnv, secretKeyEnv);
    }

    TestSite withAccessKey(String value) {
        return new TestSite(
                endpoint,
                region,
                bucket,
                pathStyle,
                createBucket,
                Optional.ofNullable(value),
                secretKey,
                accessKeyEnv,
                secretKeyEnv);
    }

    TestSite withSecretKey(String value) {
        return new TestSite(
                endpoint,
                region,
                bucket,
                pathStyle,
                createBucket,
                accessKey,
                Optional.ofNullable(value),
                accessKeyEnv,
                secretKeyEnv);
    }

    TestSite withAccessKeyEnv(String name) {
        return new TestSite(
                endpoint,
                region,
                bucket,
                pathStyle,
                createBucket,
                accessKey,
                secretKey,
                Optional.ofNullable(name),
                secretKeyEnv);
    }

    TestSite withSecretKeyEnv(String name) {
        return new TestSite(
                endpoint,
                region,
                bucket,
                pathStyle,
                createBucket,
                accessKey,
                secretKey,
                accessKeyEnv,
                Optional.ofNullable(name));
    }

    TestSite withCreateBucket(boolean create) {
        return new TestSite(
                endpoint, region, bucket, pathStyle, create, accessKey, secretKey, accessKeyEnv, secretKeyEnv);
    }
}
