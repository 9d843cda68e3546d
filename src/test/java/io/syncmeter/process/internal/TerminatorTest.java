package io.syncmeter.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.process.internal.Terminator.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TerminatorTest {

    private final List<String> lines = new ArrayList<>();
    private final List<Integer> halts = new ArrayList<>();
    private final List<Integer> exits = new ArrayList<>();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private final Terminator terminator = new Terminator(lines::add, halts::add, exits::add, shuttingDown::get);

    @Test
    void shouldHaltWhenAHaltIsRequestedOrAShutdownIsUnderWayAndExitOnlyOnce() {
        assertThat(Terminator.decide(true, false, false)).isEqualTo(Action.HALT);
        assertThat(Terminator.decide(true, true, true)).isEqualTo(Action.HALT);
        assertThat(Terminator.decide(false, true, false)).isEqualTo(Action.HALT);
        assertThat(Terminator.decide(false, true, true)).isEqualTo(Action.HALT);
        assertThat(Terminator.decide(false, false, false)).isEqualTo(Action.EXIT);
        assertThat(Terminator.decide(false, false, true)).isEqualTo(Action.NONE);
    }

    @Test
    void shouldLogOneLineNamingThePartAndTheCauseThenHalt() {
        Action action = terminator.fatal("Embedded Kafka broker", "all log dirs have failed", 1, true);

        assertThat(action).isEqualTo(Action.HALT);
        assertThat(lines)
                .containsExactly(
                        "Embedded Kafka broker failed: all log dirs have failed; syncmeter halts with status 1");
        assertThat(halts).containsExactly(1);
        assertThat(exits).isEmpty();
        assertThat(terminator.status()).hasValue(1);
    }

    @Test
    void shouldExitWhenNoHaltIsRequestedAndNoShutdownIsUnderWay() {
        Action action = terminator.fatal("Embedded S3 site dc1", "its server stopped", 2, false);

        assertThat(action).isEqualTo(Action.EXIT);
        assertThat(lines)
                .containsExactly("Embedded S3 site dc1 failed: its server stopped; syncmeter exits with status 2");
        assertThat(exits).containsExactly(2);
        assertThat(halts).isEmpty();
    }

    @Test
    void shouldHaltInsteadOfExitingWhenAShutdownIsAlreadyUnderWay() {
        shuttingDown.set(true);

        Action action = terminator.fatal("Embedded Kafka broker", "a fatal fault", 1, false);

        assertThat(action).isEqualTo(Action.HALT);
        assertThat(halts).containsExactly(1);
        assertThat(exits).as("System.exit inside a shutdown blocks forever").isEmpty();
    }

    @Test
    void shouldStartOneExitAndHaltWithItsStatusWhenAnotherFaultComesDuringIt() {
        terminator.fatal("Embedded S3 site dc1", "stopped", 4, false);
        assertThat(terminator.fatal("Embedded S3 site dc2", "stopped", 1, false))
                .isEqualTo(Action.NONE);
        shuttingDown.set(true);
        assertThat(terminator.fatal("Embedded Kafka broker", "a fatal fault", 1, true))
                .isEqualTo(Action.HALT);

        assertThat(exits).containsExactly(4);
        assertThat(halts).containsExactly(4);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).endsWith("syncmeter is already exiting with status 4");
    }

    @Test
    void shouldNeverEndWithStatusZeroAndKeepTheLineOnOneLine() {
        terminator.fatal("Embedded Kafka broker", "first\n  second\r\nthird", 0, true);

        assertThat(halts).containsExactly(1);
        assertThat(lines)
                .containsExactly("Embedded Kafka broker failed: first | second | third; syncmeter halts with status 1");
    }

    @Test
    void shouldHaltEvenWhenTheLogFails() {
        Terminator failingLog = new Terminator(
                line -> {
                    throw new OutOfMemoryError("Java heap space");
                },
                halts::add,
                exits::add,
                shuttingDown::get);

        failingLog.fatal("Thread \"worker\"", "java.lang.OutOfMemoryError: Java heap space", 3, true);

        assertThat(halts).containsExactly(3);
    }
}
