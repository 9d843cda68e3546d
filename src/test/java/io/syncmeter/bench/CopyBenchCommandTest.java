package io.syncmeter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** bench-copy's options: bad ones exit 2 naming each, before anything starts. */
class CopyBenchCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void shouldNameEveryBadOptionAndExitTwo() {
        assertThat(run("bench-copy", "--parts", "engine,nope", "--objects", "0", "--concurrency", "4,0"))
                .isEqualTo(Main.USAGE);
        assertThat(err.toString())
                .contains("--parts: unknown part 'nope'")
                .contains("--objects must be at least 1, was 0")
                .contains("--concurrency and --workers-concurrency must be from 1 to 256")
                .contains("Usage: syncmeter bench-copy");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldExitTwoOnAnOptionOfTheWrongType() {
        assertThat(run("bench-copy", "--size", "big")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("'big'").contains("--size");
    }

    @Test
    void shouldDescribeItselfOnHelp() {
        assertThat(run("bench-copy", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: syncmeter bench-copy").contains("--concurrency", "rclone");
    }
}
