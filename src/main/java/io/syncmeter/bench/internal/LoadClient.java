package io.syncmeter.bench.internal;

import io.syncmeter.site.SitesConfig;
import java.time.Duration;

/**
 * The S3 client settings of a load generator: the service's defaults (Apache client, bodies signed
 * whole) with a pool as large as the load's concurrency, and a longer call timeout, so a saturated
 * server slows the load rather than failing it.
 */
public record LoadClient(int maxConnections) implements SitesConfig.Client {

    @Override
    public Duration connectTimeout() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Duration apiCallTimeout() {
        return Duration.ofSeconds(60);
    }

    @Override
    public int maxRetries() {
        return 2;
    }

    @Override
    public SitesConfig.HttpClientKind httpClient() {
        return SitesConfig.HttpClientKind.APACHE;
    }

    @Override
    public boolean chunkedEncoding() {
        return false;
    }
}
