package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncmeter.bench.internal.RunComparison.Row;
import io.syncmeter.bench.internal.RunComparison.Verdict;
import io.syncmeter.bench.internal.RunFiles.IntervalRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunComparisonTest {

    @TempDir
    Path dir;

    // intervals whose throughput alternates around the mean by ±spread
    private static Map<String, Map<String, List<IntervalRow>>> run(double mean, double spread, int n) {
        List<IntervalRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double v = mean + (i % 2 == 0 ? spread : -spread);
            rows.add(new IntervalRow("dc1", i, i + 1, (long) v, 0, v, v * 4096, 0.001, 0.010, 0.02, 0.05));
        }
        return Map.of("dc1", Map.of("put", rows));
    }

    private static Row measure(List<Row> rows, String measure) {
        return rows.stream()
                .filter(r -> r.measure().equals(measure))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aDifferenceSmallAgainstTheIntervalsSpreadIsWithinTheNoise() {
        Row ops = measure(RunComparison.compare(run(1000, 100, 20), run(1010, 100, 20)), "operations/s");

        assertThat(ops.verdict()).isEqualTo(Verdict.WITHIN_NOISE);
        assertThat(ops.changePercent()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aDifferenceLargeAgainstTheSpreadIsBeyondIt() {
        List<Row> rows = RunComparison.compare(run(1000, 10, 20), run(1100, 10, 20));

        assertThat(measure(rows, "operations/s").verdict()).isEqualTo(Verdict.BEYOND_NOISE);
        assertThat(measure(rows, "bytes/s").verdict()).isEqualTo(Verdict.BEYOND_NOISE);
        // equal latencies in both: no spread and no difference
        assertThat(measure(rows, "latency p99 (s)").verdict()).isEqualTo(Verdict.WITHIN_NOISE);
    }

    @Test
    void tooFewIntervalsOrAnOperationOnlyOneRunMadeCannotBeTold() {
        assertThat(measure(RunComparison.compare(run(1000, 10, 2), run(2000, 10, 20)), "operations/s")
                        .verdict())
                .isEqualTo(Verdict.UNKNOWN);

        Row absent = measure(RunComparison.compare(run(1000, 10, 20), Map.of()), "operations/s");
        assertThat(absent.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(absent.b()).isNaN();
        assertThat(RunComparison.table(List.of(absent), "a", "b"))
                .contains("cannot tell")
                .contains("| – |");
    }

    @Test
    void readsTwoResultDirectoriesCsvsAndNamesAPathWithoutAResult() throws Exception {
        Path a = write("a", 500);
        Path b = write("b", 900);

        List<Row> rows = RunComparison.compare(a, b.resolve("result.json"));

        assertThat(measure(rows, "operations/s").a()).isEqualTo(500);
        assertThat(measure(rows, "operations/s").b()).isEqualTo(900);
        assertThat(measure(rows, "operations/s").verdict()).isEqualTo(Verdict.BEYOND_NOISE);
        assertThatThrownBy(() -> RunComparison.compare(dir, a))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("no result.json");
        Files.writeString(a.resolve("get.csv"), RunFiles.CSV_HEADER + "\ndc1,0,1,x\n");
        assertThatThrownBy(() -> RunComparison.compare(a, b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("get.csv:2");
    }

    private Path write(String name, double rate) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("result.json"), "{}");
        StringBuilder csv = new StringBuilder(RunFiles.CSV_HEADER).append('\n');
        for (int i = 0; i < 10; i++) {
            double v = rate + (i % 2 == 0 ? 5 : -5);
            csv.append(String.format(
                    java.util.Locale.ROOT,
                    "dc1,%d,%d,%d,0,%.3f,%.1f,0.001,0.01,0.02,0.05%n",
                    i,
                    i + 1,
                    (long) v,
                    v,
                    v * 10));
        }
        Files.writeString(d.resolve("put.csv"), csv);
        return d;
    }
}
