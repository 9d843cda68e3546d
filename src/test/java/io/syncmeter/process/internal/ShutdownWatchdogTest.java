package io.syncmeter.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShutdownWatchdogTest {

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final List<Integer> halts = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseTheTestThreads() {
        release.countDown();
    }

    @Test
    void shouldLogTheBusyThreadsAndHaltOnceTheTimeoutHasPassed() throws Exception {
        Thread busy = blocked("test-busy-worker", false);
        Thread idleDaemon = blocked("test-idle-daemon", true);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-idle-pool-worker"));
        pool.submit(() -> {}).get();
        try {
            ShutdownWatchdog watchdog = watchdog(Duration.ofMillis(300), 7);

            watchdog.arm();

            await().atMost(Duration.ofSeconds(10)).until(() -> !halts.isEmpty());
            assertThat(halts).containsExactly(7);
            assertThat(logged).hasSize(1);
            assertThat(logged.get(0))
                    .startsWith("Shutdown did not finish within PT0.3S (test.timeout); halting with status 7."
                            + " Busy threads (")
                    .contains("\"" + busy.getName() + "\"")
                    .doesNotContain(idleDaemon.getName())
                    .as("a pool worker waiting for work is idle, daemon or not")
                    .doesNotContain("test-idle-pool-worker");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldNotHaltBeforeTheTimeout() {
        ShutdownWatchdog watchdog = watchdog(Duration.ofSeconds(30), 1);

        watchdog.arm();

        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(halts::isEmpty);
        assertThat(watchdog.armed()).isTrue();
    }

    @Test
    void shouldArmOnceAndUseTheTimeoutSetBeforeArming() {
        ShutdownWatchdog watchdog = watchdog(Duration.ofMinutes(10), 1);
        watchdog.timeout(Duration.ofMillis(100));

        watchdog.arm();
        watchdog.arm();

        await().atMost(Duration.ofSeconds(10)).until(() -> !halts.isEmpty());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> halts.size() == 1);
    }

    private ShutdownWatchdog watchdog(Duration timeout, int status) {
        return new ShutdownWatchdog(timeout, "test.timeout", logged::add, halts::add, () -> status);
    }

    /** A thread that waits until the test ends. */
    private Thread blocked(String name, boolean daemon) {
        Thread t = new Thread(
                () -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                name);
        t.setDaemon(daemon);
        t.start();
        return t;
    }
}
