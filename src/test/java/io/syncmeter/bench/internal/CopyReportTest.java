package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CopyReportTest {

    @Test
    void shouldJudgeTheLoadGeneratorAgainstRclonePerOperationAndConcurrency() {
        CopyReport report = new CopyReport(1000, 4096, 0, 2);
        // rclone: 1,000 PUTs in 4 s with 1 CPU-s; the generator: in 2 s with 2 CPU-s (faster, dearer)
        report.client("rclone", "PUT", 16, 1000, Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ZERO);
        report.client(
                CopyReport.GENERATOR, "PUT", 16, 1000, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ZERO);
        // GET: the generator as fast at half the CPU
        report.client("rclone", "GET", 16, 1000, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ZERO);
        report.client(
                CopyReport.GENERATOR, "GET", 16, 1000, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO);

        String md = report.markdown();
        assertThat(md)
                .contains("| rclone | PUT | 16 | 250 | 1.000 | 0.000 |")
                .contains("| syncmeter generator | PUT | 16 | 500 | 2.000 | 0.000 |")
                .contains("concurrency 16, PUT: the load generator at 2.00× rclone's operations/s (goal ≥ 1: met)"
                        + " and 2.00× its CPU per operation (goal ≤ 1: **missed**)")
                .contains("concurrency 16, GET: the load generator at 1.00× rclone's operations/s (goal ≥ 1: met)"
                        + " and 0.50× its CPU per operation (goal ≤ 1: met)")
                .doesNotContain("| copier |");
        assertThat(report.json()).contains("\"clients\"", "\"cpuMillisPerOperation\" : 2.0");
    }
}
