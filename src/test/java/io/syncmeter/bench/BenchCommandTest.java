package io.syncmeter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench}'s command line: a good one would start the run (in Quarkus, which these tests do not
 * start); a bad profile, override or option exits 2 naming what was wrong, before anything starts;
 * {@code bench compare} prints the comparison of two result directories.
 */
class BenchCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void aGoodCommandLineWouldStartTheRun() {
        assertThat(run("bench", "bench-mixed-small", "--set", "duration=3m", "--out", dir.toString()))
                .isEqualTo(-1);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aMissingProfileIsBadUsage() {
        assertThat(run("bench")).isEqualTo(Main.USAGE);
        assertThat(err.toString())
                .contains("Missing required parameter: 'PROFILE'")
                .contains("Usage: syncmeter bench");
    }

    @Test
    void aBadOverrideNamesTheFileLineAndFieldAndStartsNothing() {
        assertThat(run("bench", "bench-mixed-small", "--set", "load.concurrency=0", "--set", "warm-up=soon"))
                .isEqualTo(Main.USAGE);
        assertThat(err.toString())
                .contains("--set load.concurrency=0: load.concurrency: must be a whole number from 1 to 4096")
                .contains("--set warm-up=soon: warm-up:");
        assertThat(run("bench", "no-such-profile")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("no-such-profile");
    }

    @Test
    void aRateSweepABurstAndOneRateOfTheSweepAreEachARun() {
        assertThat(run("bench", "bench-rate-sweep")).as(err.toString()).isEqualTo(-1);
        assertThat(run(
                        "bench",
                        "bench-rate-sweep",
                        "--set",
                        "replication.mode=steady",
                        "--set",
                        "replication.sweep=",
                        "--set",
                        "load.rate=50",
                        "--set",
                        "duration=30s"))
                .as(err.toString())
                .isEqualTo(-1);
        assertThat(run("bench", "bench-replication-burst")).isEqualTo(-1);
    }

    @Test
    void aJointRunNeedsANameAndTwoOrMoreParties() {
        assertThat(run("bench", "bench-replication-burst", "--join", "burst-1", "--parties", "2", "--party", "east"))
                .as(err.toString())
                .isEqualTo(-1);
        assertThat(run("bench", "bench-replication-burst", "--join", "burst-1")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--parties: from 2 to 64, was missing");
        assertThat(run("bench", "bench-replication-burst", "--parties", "1", "--party", "a b"))
                .isEqualTo(Main.USAGE);
        assertThat(err.toString())
                .contains("--join: a name of letters, digits, '.', '_' and '-'")
                .contains("was missing")
                .contains("--party: a name of letters, digits, '.', '_' and '-' (1 to 100), was 'a b'")
                .contains("--parties: from 2 to 64, was 1");
    }

    @Test
    void aBadProgressModeIsBadUsage() {
        assertThat(run("bench", "bench-mixed-small", "--progress", "fancy")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--progress must be auto, lines or none, was 'fancy'");
    }

    @Test
    void compareTellsADifferenceBeyondTheNoiseAndNamesAMissingResult() throws Exception {
        Path a = result("a", 500);
        Path b = result("b", 900);

        assertThat(run(
                        "bench",
                        "compare",
                        a.toString(),
                        b.resolve("result.json").toString()))
                .isZero();
        assertThat(out.toString())
                .contains("| site | operation | measure | A | B |")
                .contains("| dc1 | put | operations/s | 500 | 900 | +80.0 % | **yes** |");

        assertThat(run("bench", "compare", a.toString(), dir.resolve("none").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("none").contains("no result.json");
        assertThat(run("bench", "compare", a.toString())).isEqualTo(Main.USAGE);
    }

    // a result directory with ten intervals of PUTs around this rate
    private Path result(String name, double rate) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("result.json"), "{}");
        StringBuilder csv = new StringBuilder(
                "site,start_seconds,end_seconds,succeeded,failed,operations_per_second,bytes_per_second,"
                        + "latency_p50_seconds,latency_p99_seconds,latency_p999_seconds,latency_max_seconds\n");
        for (int i = 0; i < 10; i++) {
            double v = rate + (i % 2 == 0 ? 5 : -5);
            csv.append(String.format(
                    Locale.ROOT, "dc1,%d,%d,%d,0,%.3f,%.1f,0.001,0.01,0.02,0.05%n", i, i + 1, (long) v, v, v * 10));
        }
        Files.writeString(d.resolve("put.csv"), csv);
        return d;
    }
}
