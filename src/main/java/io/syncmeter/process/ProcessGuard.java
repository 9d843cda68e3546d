package io.syncmeter.process;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.syncmeter.process.internal.FatalErrorHandler;
import io.syncmeter.process.internal.ShutdownWatchdog;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Guards how the process ends: a {@link VirtualMachineError} that ends any thread halts it (status
 * 3), and every shutdown is bounded by {@code syncmeter.process.shutdown-timeout}, after which the
 * busy threads are logged and the process halts (status 1, or the status of the fatal fault that
 * started the shutdown).
 *
 * <p>Lifecycle: installed on {@link StartupEvent} before every other startup observer; the
 * uncaught-exception handler and the JVM shutdown hook that arms the watchdog are JVM-wide and
 * installed once per JVM (an application restarted in the same JVM, as in tests, only updates the
 * timeout). The watchdog is armed at the very beginning of a JVM shutdown, and, in a packaged
 * application (where stopping the application always ends the JVM), at the beginning of the
 * application's stop. Thread-safe.
 */
@ApplicationScoped
public class ProcessGuard {

    static final String TIMEOUT_KEY = "syncmeter.process.shutdown-timeout";

    private static final Logger LOG = Logger.getLogger(ProcessGuard.class);

    private static final ShutdownWatchdog WATCHDOG = new ShutdownWatchdog(
            Duration.ofSeconds(25),
            TIMEOUT_KEY,
            LOG::error,
            Termination::halt,
            () -> Termination.status().orElse(1));

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private final ProcessConfig config;

    @Inject
    public ProcessGuard(ProcessConfig config) {
        this.config = config;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 100) StartupEvent event) {
        validate(config);
        WATCHDOG.timeout(config.shutdownTimeout());
        if (INSTALLED.compareAndSet(false, true)) {
            Thread.setDefaultUncaughtExceptionHandler(new FatalErrorHandler(
                    Termination.terminator(), Thread.getDefaultUncaughtExceptionHandler(), System.err));
            Runtime.getRuntime().addShutdownHook(new Thread(WATCHDOG::arm, "syncmeter-shutdown-begins"));
        }
    }

    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 100) ShutdownEvent event) {
        // in tests and dev mode the JVM outlives the application: only its own shutdown arms the watchdog
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            WATCHDOG.arm();
        }
    }

    /** Fails with a message naming the key when the configuration is invalid. */
    static void validate(ProcessConfig config) {
        Duration timeout = config.shutdownTimeout();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(TIMEOUT_KEY + ": must be positive, was " + timeout);
        }
    }
}
