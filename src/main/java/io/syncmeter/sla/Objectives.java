package io.syncmeter.sla;

import io.syncmeter.sla.internal.ObjectiveResolver;
import java.time.Duration;
import java.util.List;

/**
 * The objectives a declaration resolves to, the same way the running service resolves them: for
 * commands that work from the configuration without starting the service (the rule generator).
 */
public final class Objectives {

    private Objectives() {}

    /**
     * Resolves and validates {@code syncmeter.sla.objectives.*}, or the default set when none is
     * declared.
     *
     * @param config the SLA settings
     * @param sites the site names the directions and sites may name
     * @param giveUp the probe profile's give-up time (a threshold above it is lowered to it by default)
     * @return the objectives in name order; empty when the SLA is off
     * @throws RuntimeException naming each bad key (the exception the service fails startup with)
     */
    public static List<Objective> resolve(SlaConfig config, List<String> sites, Duration giveUp) {
        if (!config.enabled()) {
            return List.of();
        }
        return ObjectiveResolver.resolve(config.objectives(), new ObjectiveResolver.Context(sites, giveUp));
    }
}
