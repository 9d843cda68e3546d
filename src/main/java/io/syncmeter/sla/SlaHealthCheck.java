package io.syncmeter.sla;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the SLA state has been read back from Kafka at startup (or its time ran out: then the
 * data says {@code restored: false}). Called on health-endpoint threads.
 */
@Readiness
@ApplicationScoped
public class SlaHealthCheck implements HealthCheck {

    @Inject
    SlaEvaluator sla;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("syncmeter-sla")
                .status(sla.ready())
                .withData("enabled", sla.enabled())
                .withData("restored", sla.restored())
                .build();
    }
}
