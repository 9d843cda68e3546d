package io.syncmeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command-line parser: which command lines start the service, print usage, or fail with 2. */
class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void shouldServeWithoutACommandAndWithServe() {
        assertThat(run()).isEqualTo(-1);
        assertThat(run("serve")).isEqualTo(-1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldPrintUsageNamingEveryCommandOnHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .startsWith("Usage: syncmeter [-h] [COMMAND]")
                .contains("serve", "lint", "rules")
                .contains("2   bad usage");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldPrintACommandsHelpWithoutServing() {
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: syncmeter serve");
        assertThat(run("help", "rules")).isZero();
        assertThat(out.toString()).contains("Usage: syncmeter rules");
    }

    @Test
    void shouldExitTwoOnAnUnknownCommandEvenWithHelp() {
        assertThat(run("benchmark", "--help")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("'benchmark'").contains("Usage: syncmeter");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldExitTwoOnAnUnknownOptionOrAnOperandOfServe() {
        assertThat(run("--verbose")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("Unknown option: '--verbose'");
        assertThat(run("serve", "now")).isEqualTo(Main.USAGE);
        assertThat(run("rules", "--min-window", "soon")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("'soon' is not a duration");
    }
}
