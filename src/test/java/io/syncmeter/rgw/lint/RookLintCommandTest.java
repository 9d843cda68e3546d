package io.syncmeter.rgw.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RookLintCommandTest {

    @TempDir
    Path dir;

    private String out;
    private String err;

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status = LintCommand.run(
                List.of(args),
                new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return status;
    }

    @Test
    void shouldPrintFindingsWithReasonAndFixAndExitOneOnErrors() {
        int status = run("k8s/rook/broken");

        assertThat(status).isEqualTo(1);
        assertThat(out)
                .contains("ERROR one-sync-gateway: CephObjectStore rook-ceph-dc1/dc1-sync (zone dc1) at"
                        + " k8s/rook/broken/dc1.yaml:")
                .contains("  why: ")
                .contains("  fix: ")
                .endsWith("4 errors, 0 warnings in 10 Rook multisite resources from 3 files: failed.\n");
        assertThat(err).isEmpty();
    }

    @Test
    void shouldExitZeroAndSayPassedOnTheGoodExample() {
        assertThat(run("k8s/rook/good/dc1.yaml", "k8s/rook/good/dc2.yaml")).isZero();
        assertThat(out).isEqualTo("0 errors, 0 warnings in 10 Rook multisite resources from 2 files: passed.\n");
    }

    @Test
    void shouldPassWithWarningsOnly() throws IOException {
        Files.writeString(dir.resolve("store.yml"), """
                apiVersion: ceph.rook.io/v1
                kind: CephObjectStore
                metadata: {name: s, namespace: ns}
                spec: {zone: {name: z}}
                """);
        assertThat(run(dir.toString())).isZero();
        assertThat(out).contains("WARNING store-zone-exists").contains("0 errors, 1 warning");
    }

    @Test
    void shouldExitTwoNamingTheFileOfMalformedYaml() throws IOException {
        Path bad = dir.resolve("sub").resolve("bad.yaml");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "kind: CephObjectStore\nmetadata: {name: [\n");

        assertThat(run(dir.toString())).isEqualTo(2);
        assertThat(err).startsWith("lint: " + bad + ": not valid YAML at line ");
        assertThat(out).isEmpty();
    }

    @Test
    void shouldExitTwoOnAMissingPathOrADirectoryWithoutManifests() throws IOException {
        assertThat(run("no/such/dir")).isEqualTo(2);
        assertThat(err).startsWith("lint: no/such/dir: no such file or directory");
        Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThat(run(dir.toString())).isEqualTo(2);
        assertThat(err).contains(dir + ": no *.yaml or *.yml file");
    }

    @Test
    void shouldExitTwoOnBadUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(err).contains("Missing required parameter: 'PATH'").contains("Usage: syncmeter lint");
        assertThat(run("--format", "xml", "k8s/rook/good")).isEqualTo(2);
        assertThat(err).contains("unknown format 'xml'");
        assertThat(run("--format")).isEqualTo(2);
        assertThat(run("--strict", "k8s/rook/good")).isEqualTo(2);
        assertThat(err).contains("Unknown option: '--strict'");
    }

    @Test
    void shouldPrintHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out).startsWith("Usage: syncmeter lint [--format text|json] PATH...");
    }

    @Test
    void shouldPrintTheReportAsJson() {
        assertThat(run("--format=json", "k8s/rook/broken")).isEqualTo(1);
        assertThat(out)
                .contains("\"rule\" : \"one-sync-gateway\"")
                .contains("\"severity\" : \"error\"")
                .contains("\"errors\" : 4")
                .contains("\"warnings\" : 0");
    }
}
