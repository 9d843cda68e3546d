package io.syncmeter.rgw.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Rook examples of the repository, {@code k8s/rook/good} and {@code k8s/rook/broken}. */
class RookExamplesTest {

    private static LintReport lint(String directory) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LintCommand.run(
                List.of("--format", "json", directory),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        try {
            LintReport report = new ObjectMapper().readValue(out.toString(StandardCharsets.UTF_8), LintReport.class);
            assertThat(status).isEqualTo(report.passes() ? LintCommand.PASSED : LintCommand.FAILED);
            return report;
        } catch (IOException e) {
            throw new AssertionError(out.toString(StandardCharsets.UTF_8), e);
        }
    }

    @Test
    void shouldPassTheGoodExampleWithoutAnyFinding() {
        LintReport report = lint("k8s/rook/good");

        assertThat(report.findings()).isEmpty();
        assertThat(report.resources()).isEqualTo(10);
    }

    @Test
    void shouldFlagEachMistakeOfTheBrokenExampleOnTheResourceToChange() {
        LintReport report = lint("k8s/rook/broken");

        assertThat(report.findings())
                .extracting(f -> f.severity().label() + " " + f.rule().id() + " " + f.resource())
                .containsExactly(
                        "error one-sync-gateway CephObjectStore rook-ceph-dc1/dc1-sync",
                        "error zone-endpoints-sync-only CephObjectZone rook-ceph-dc1/dc1",
                        "error one-sync-gateway CephObjectZone rook-ceph-dc2/dc2",
                        "error client-stores-disable-sync CephObjectStore rook-ceph-dc2/dc2-clients");
        assertThat(report.findings().get(1).fix()).contains("http://rook-ceph-rgw-dc1-sync.rook-ceph-dc1.svc:80");
        assertThat(report.findings().get(0).source()).startsWith("k8s/rook/broken/dc1.yaml:");
        assertThat(report.errors()).isEqualTo(4);
    }
}
