package io.syncmeter;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.testing.PackagedApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application's command line: usage errors exit 2 at once and start nothing (no broker,
 * no HTTP server: no log line), help exits 0, and {@code rules} writes the committed rule file.
 */
class CommandLineIT {

    private static final Duration QUICK = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void shouldExitTwoOnAnUnknownCommandWithoutStartingTheService() throws Exception {
        PackagedApp.Run run = PackagedApp.command(dir, QUICK, "benchmark", "--help");

        assertThat(run.status()).as(run.output()).isEqualTo(2);
        assertThat(run.output())
                .contains("'benchmark'")
                .contains("Usage: syncmeter")
                .doesNotContain("Listening on")
                .doesNotContain("INFO");
    }

    @Test
    void shouldPrintHelpAndExitZero() throws Exception {
        PackagedApp.Run run = PackagedApp.command(dir, QUICK, "--help");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output())
                .startsWith("Usage: syncmeter")
                .contains("rules")
                .doesNotContain("INFO");
    }

    @Test
    void shouldPrintTheBenchHelpAndExitZeroWithoutStartingTheService() throws Exception {
        PackagedApp.Run run = PackagedApp.command(dir, QUICK, "bench", "--help");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output())
                .startsWith("Usage: syncmeter bench")
                .contains("--set=KEY=VALUE")
                .contains("compare")
                .doesNotContain("INFO");
    }

    @Test
    void shouldWriteTheCommittedRuleFile() throws Exception {
        Path out = dir.resolve("rules.yaml");
        PackagedApp.Run run = PackagedApp.command(dir, QUICK, "rules", "-o", out.toString());

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).isEmpty();
        assertThat(Files.readString(out, StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(Path.of("dashboards", "syncmeter-rules.yaml"), StandardCharsets.UTF_8));
    }
}
