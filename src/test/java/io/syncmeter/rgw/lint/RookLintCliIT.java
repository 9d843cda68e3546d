package io.syncmeter.rgw.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.testing.PackagedApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar quarkus-run.jar lint ...} of the packaged application: exit status and output for
 * the good and broken Rook examples, quickly and without starting the application (no broker, no
 * HTTP server: the output has no log line).
 */
class RookLintCliIT {

    private static final Duration QUICK = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private PackagedApp.Run lint(String... args) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("lint"));
        arguments.addAll(List.of(args));
        return PackagedApp.command(dir, QUICK, arguments.toArray(String[]::new));
    }

    @Test
    void shouldPassTheGoodExampleWithExitZero() throws Exception {
        PackagedApp.Run run = lint("k8s/rook/good");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output())
                .isEqualTo("0 errors, 0 warnings in 10 Rook multisite resources from 3 files: passed.\n");
    }

    @Test
    void shouldFlagTheBrokenExampleWithExitOneAndNoApplicationStart() throws Exception {
        PackagedApp.Run run = lint("k8s/rook/broken");

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.output())
                .contains("ERROR one-sync-gateway: CephObjectStore rook-ceph-dc1/dc1-sync")
                .contains("ERROR zone-endpoints-sync-only: CephObjectZone rook-ceph-dc1/dc1")
                .contains("ERROR one-sync-gateway: CephObjectZone rook-ceph-dc2/dc2")
                .contains("ERROR client-stores-disable-sync: CephObjectStore rook-ceph-dc2/dc2-clients")
                .contains("4 errors, 0 warnings")
                .doesNotContain("Kafka")
                .doesNotContain("Listening on")
                .doesNotContain("INFO");
    }

    @Test
    void shouldPrintJson() throws Exception {
        PackagedApp.Run run = lint("--format", "json", "k8s/rook/broken");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.output()).startsWith("{").contains("\"errors\" : 4");
    }

    @Test
    void shouldExitTwoNamingAnUnreadableOrMalformedFile() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "kind: CephObjectStore\nmetadata: {name: [\n");

        PackagedApp.Run malformed = lint(bad.toString());
        assertThat(malformed.status()).isEqualTo(2);
        assertThat(malformed.output()).startsWith("lint: " + bad + ": not valid YAML at line 2");

        PackagedApp.Run missing = lint("k8s/rook/nowhere");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.output()).contains("k8s/rook/nowhere: no such file or directory");

        PackagedApp.Run usage = lint();
        assertThat(usage.status()).isEqualTo(2);
        assertThat(usage.output()).contains("Usage: syncmeter lint");
    }
}
