package io.syncmeter.probe;

import io.syncmeter.probe.internal.ProfileLoader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The probe profile this instance runs, loaded once from {@code syncmeter.probe.profile} with the
 * {@code syncmeter.probe.rate} override applied. Writers and collectors share it (its thresholds
 * classify probes). Loaded when first injected; immutable and thread-safe afterwards.
 */
@ApplicationScoped
public class ActiveProfile {

    private final ProbeProfile profile;

    @Inject
    public ActiveProfile(ProbeConfig config) {
        ProbeProfile loaded = ProfileLoader.load(config.profile());
        if (config.rate().isPresent()) {
            double rate = config.rate().getAsDouble();
            if (!(rate > 0) || rate > 10_000) {
                throw new IllegalArgumentException(
                        "syncmeter.probe.rate: must be above 0 and at most 10000, was " + rate);
            }
            loaded = loaded.withRate(rate);
        }
        this.profile = loaded;
    }

    /** The profile. */
    public ProbeProfile get() {
        return profile;
    }
}
