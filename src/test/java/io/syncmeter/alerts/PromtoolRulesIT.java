package io.syncmeter.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.testing.DebianPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed rule file in Prometheus's own tool: {@code promtool check rules} accepts it, and
 * {@code promtool test rules} passes the unit tests of {@code dashboards/tests}: every alert fires on
 * series that should fire it and stays silent on series that should not. A deliberately wrong
 * expectation must fail, so the harness can fail.
 */
class PromtoolRulesIT {

    static final Path TESTS = Path.of("dashboards", "tests", "syncmeter-rules.test.yaml");

    @TempDir
    Path dir;

    private record Run(int status, String output) {}

    @BeforeAll
    static void installPromtool() {
        DebianPackages.prometheus();
    }

    private Run promtool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "promtool", ".log");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("promtool ends").isTrue();
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void shouldPassPromtoolCheckRules() throws Exception {
        Run run = promtool("check", "rules", RulesCommandTest.COMMITTED.toString());

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    @Test
    void shouldPassTheRuleUnitTests() throws Exception {
        Run run = promtool("test", "rules", TESTS.toString());

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    @Test
    void shouldFailAUnitTestThatExpectsTheHealthyDirectionToFire() throws Exception {
        // the same tests, with the first case also expecting the healthy direction dc2 -> dc1 to page
        String tests = Files.readString(TESTS, StandardCharsets.UTF_8);
        String wrong = tests.replaceFirst(
                "(?s)(- exp_labels:\\n\\s+severity: page\\n\\s+objective: replication\\n\\s+source_site: )dc1"
                        + "(\\n\\s+target_site: )dc2",
                "$1dc2$2dc1");
        assertThat(wrong).isNotEqualTo(tests);
        Path copy = TESTS.getParent().resolve("wrong-expectation.test.yaml");
        Files.writeString(copy, wrong);
        try {
            Run run = promtool("test", "rules", copy.toString());

            assertThat(run.status()).as(run.output()).isNotZero();
            assertThat(run.output()).contains("FAILED").contains("SyncmeterSLOBurnRatePage");
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
