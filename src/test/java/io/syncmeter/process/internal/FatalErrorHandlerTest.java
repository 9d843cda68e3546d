package io.syncmeter.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FatalErrorHandlerTest {

    private final List<String> lines = new ArrayList<>();
    private final List<Integer> halts = new ArrayList<>();
    private final List<Integer> exits = new ArrayList<>();
    private final Terminator terminator = new Terminator(lines::add, halts::add, exits::add, () -> false);
    private final Thread worker = new Thread(() -> {}, "probe-put-7");

    @Test
    void shouldHaltWithStatusThreeNamingTheThreadOnAnOutOfMemoryError() {
        new FatalErrorHandler(terminator, null, System.err)
                .uncaughtException(worker, new OutOfMemoryError("Java heap space"));

        assertThat(halts).containsExactly(3);
        assertThat(lines)
                .containsExactly("Thread \"probe-put-7\" failed: java.lang.OutOfMemoryError: Java heap space;"
                        + " syncmeter halts with status 3");
    }

    @Test
    void shouldHaltOnAnyVirtualMachineError() {
        new FatalErrorHandler(terminator, null, System.err).uncaughtException(worker, new StackOverflowError());

        assertThat(halts).containsExactly(3);
    }

    @Test
    void shouldPassOtherExceptionsToThePreviousHandler() {
        List<Throwable> seen = new ArrayList<>();
        RuntimeException failure = new IllegalStateException("boom");

        new FatalErrorHandler(terminator, (t, e) -> seen.add(e), System.err).uncaughtException(worker, failure);

        assertThat(seen).containsExactly(failure);
        assertThat(halts).isEmpty();
        assertThat(lines).isEmpty();
    }

    @Test
    void shouldPrintOtherExceptionsAsTheJvmDoesWithoutAPreviousHandler() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        new FatalErrorHandler(terminator, null, new PrintStream(err, true, StandardCharsets.UTF_8))
                .uncaughtException(worker, new IllegalStateException("boom"));

        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("Exception in thread \"probe-put-7\" java.lang.IllegalStateException: boom");
        assertThat(halts).isEmpty();
    }
}
