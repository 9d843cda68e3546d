package io.syncmeter.site;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when every site's bucket answers a HEAD request. Called on health-endpoint threads. */
@Readiness
@ApplicationScoped
public class SitesHealthCheck implements HealthCheck {

    @Inject
    SiteRegistry registry;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("syncmeter-sites").up();
        for (Site site : registry.all()) {
            try {
                site.s3().headBucket(b -> b.bucket(site.bucket()));
                response.withData(site.name(), "UP");
            } catch (RuntimeException e) {
                response.down().withData(site.name(), "DOWN: " + e.getMessage());
            }
        }
        return response.build();
    }
}
