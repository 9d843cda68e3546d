package io.syncmeter.probe;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** The probe writers: which profile they run and at which sites. */
@ConfigMapping(prefix = "syncmeter.probe")
public interface ProbeConfig {

    /** Whether this instance writes probes. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The probe profile: a name looked up as {@code probes/<name>.yaml} in the working directory and
     * then inside the application, or a path to a YAML file.
     */
    @WithDefault("continuous")
    String profile();

    /** Overrides the profile's rate (probes per second per site). */
    OptionalDouble rate();

    /** The sites that write probes; all sites when absent. */
    Optional<List<String>> sites();

    /** PUTs in flight per site at most; a slot that finds this many waiting is counted skipped. */
    @WithDefault("64")
    int maxInFlight();

    /** This writer's id in probe keys, so several writers at one site never collide; random when absent. */
    Optional<String> writerId();
}
