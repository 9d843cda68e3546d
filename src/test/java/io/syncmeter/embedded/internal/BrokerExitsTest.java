package io.syncmeter.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.utils.Exit;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BrokerExitsTest {

    private record Report(String part, String cause, int status, boolean halt) {}

    private final List<Report> reports = new CopyOnWriteArrayList<>();
    private final BrokerExits exits =
            BrokerExits.install((part, cause, status, halt) -> reports.add(new Report(part, cause, status, halt)));

    @AfterEach
    void restoreKafkasProcedures() {
        exits.close();
    }

    @Test
    void shouldReportAHaltWithTheErrorKafkaLoggedJustBeforeOnTheSameThread() {
        Logger.getLogger("kafka.log.LogManager").error("Shutdown broker because all log dirs in /x have failed");

        Exit.halt(1);

        assertThat(reports).hasSize(1);
        Report r = reports.get(0);
        assertThat(r.part()).isEqualTo("Embedded Kafka broker");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.halt()).isTrue();
        assertThat(r.cause())
                .startsWith("Shutdown broker because all log dirs in /x have failed (Exit.halt(1) in ")
                .endsWith(", thread " + Thread.currentThread().getName() + ")");
    }

    @Test
    void shouldPreferTheMessageKafkaPassesAndReportAnExitAsNoHalt() {
        Logger.getLogger("org.apache.kafka.raft").error("an older error");

        Exit.exit(2, "Fatal error in the metadata loader");

        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.cause()).startsWith("Fatal error in the metadata loader (Exit.exit(2) in ");
            assertThat(r.halt()).isFalse();
            assertThat(r.status()).isEqualTo(2);
        });
    }

    @Test
    void shouldNotTakeAnotherThreadsErrorForTheCause() throws Exception {
        Thread other = new Thread(() -> Logger.getLogger("kafka.server").error("somebody else's problem"));
        other.start();
        other.join();

        Exit.halt(1);

        assertThat(reports)
                .singleElement()
                .satisfies(r -> assertThat(r.cause())
                        .startsWith("the broker ended itself (Exit.halt(1) in ")
                        .doesNotContain("somebody else"));
    }

    @Test
    void shouldNameTheBrokerCodeThatAskedToEnd() {
        assertThat(BrokerExits.cause(
                        "why", "halt", 1, "kafka.log.LogManager.handleLogDirFailure", "LogDirFailureHandler"))
                .isEqualTo(
                        "why (Exit.halt(1) in kafka.log.LogManager.handleLogDirFailure, thread LogDirFailureHandler)");
    }

    @Test
    void shouldRestoreKafkasProceduresWhenClosed() {
        exits.close();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        Exit.setHaltProcedure((status, message) -> seen.add(status));
        try {
            exits.close(); // idempotent: does not reset the procedure set after it
            Exit.halt(5);
            await().atMost(Duration.ofSeconds(1)).until(() -> seen.contains(5));
            assertThat(reports).isEmpty();
        } finally {
            Exit.resetHaltProcedure();
        }
    }
}
