package io.syncmeter.process;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How the syncmeter process ends ({@code syncmeter.process.*}). Validated at startup by {@link
 * ProcessGuard}; a bad value fails startup with a message naming the key.
 */
@ConfigMapping(prefix = "syncmeter.process")
public interface ProcessConfig {

    /**
     * How long a shutdown (SIGTERM, or an exit after a fatal fault) may take before the process logs
     * its busy threads and halts; below the 30 s that Kubernetes and most supervisors wait before
     * they kill. Must be positive.
     */
    @WithDefault("25s")
    Duration shutdownTimeout();
}
