package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.bench.WorkloadProfileException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The loader's only way to fail is its documented exception, with at least one problem: over
 * arbitrary text, over text shaped like a profile (its field names, values of every form, odd
 * indentation and YAML's special characters) and over arbitrary overrides of a valid profile. And an
 * override that breaks a valid profile is always the one named.
 */
class WorkloadLoaderPropertyTest {

    private static final String VALID = """
            kind: workload
            name: test
            operations: {put: 20, get: 70, delete: 10}
            object-size: {distribution: weighted, sizes: [{size: 4KiB, weight: 9}, {size: 1MiB, weight: 1}]}
            keys: {count: 1000}
            load: {concurrency: 8}
            duration: 30s
            replication: {mode: burst, writers: [dc1]}
            """;

    private static final List<String> FIELDS = List.of(
            "kind",
            "name",
            "sites",
            "operations",
            "put",
            "get",
            "multipart-put",
            "object-size",
            "distribution",
            "min",
            "max",
            "sizes",
            "size",
            "weight",
            "multipart",
            "part-size",
            "keys",
            "count",
            "prefill",
            "load",
            "concurrency",
            "rate",
            "max-in-flight",
            "duration",
            "operation-count",
            "warm-up",
            "auto-terminate",
            "window",
            "tolerance-percent",
            "replication",
            "mode",
            "writers",
            "targets",
            "drain-timeout",
            "sweep",
            "from",
            "to",
            "step",
            "step-duration",
            "max-lag");

    private static final List<String> VALUES = List.of(
            "workload",
            "0",
            "-1",
            "8",
            "4096",
            "99999999999999999999999",
            "1.5",
            "1e308",
            "NaN",
            ".inf",
            "4KiB",
            "16MiB",
            "5GiB",
            "1.1KiB",
            "10s",
            "0s",
            "PT1H",
            "-5s",
            "sweep",
            "weighted",
            "log-uniform",
            "[dc1, dc2]",
            "[]",
            "{}",
            "{min: 1KiB, max: 0}",
            "[{size: 1, weight: 0}]",
            "~",
            "null",
            "true",
            "''",
            "\"\\u0000\"",
            "&a x",
            "*a",
            "!!binary aGk=",
            "|",
            ">-",
            "'unterminated",
            "[unclosed",
            "{a: [b: {c",
            "# comment",
            "---",
            "...",
            "%YAML 1.2");

    @Property(tries = 500)
    void shouldThrowOnlyItsOwnExceptionOnAnyText(@ForAll("anyText") String text) {
        assertLoadsOrNamesProblems(text, List.of());
    }

    @Property(tries = 1000)
    void shouldThrowOnlyItsOwnExceptionOnTextShapedLikeAProfile(@ForAll("profileShaped") String text) {
        assertLoadsOrNamesProblems(text, List.of());
    }

    @Property(tries = 1000)
    void shouldThrowOnlyItsOwnExceptionOnAnyOverride(@ForAll("overrides") List<String> overrides) {
        assertLoadsOrNamesProblems(VALID, overrides);
    }

    @Property(tries = 500)
    void shouldNameTheOverrideThatBreaksAValidProfile(@ForAll("override") String override) {
        try {
            parse(VALID, List.of(override));
        } catch (WorkloadProfileException e) {
            assertThat(e.problems())
                    .as("problems of --set %s", override)
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(p).startsWith("--set "));
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings()
                        .withChars("abkindworl:-[]{}#&*!|>'\"%@`,.?~ \t\n0123456789")
                        .ofMaxLength(200),
                Arbitraries.strings().ofMaxLength(100).map(s -> "kind: workload\n" + s));
    }

    @Provide
    Arbitrary<String> profileShaped() {
        Arbitrary<String> line = Combinators.combine(
                        Arbitraries.integers().between(0, 6),
                        Arbitraries.of("", "- "),
                        Arbitraries.oneOf(
                                Arbitraries.of(FIELDS),
                                Arbitraries.strings().alpha().ofMaxLength(8)),
                        Arbitraries.of(": ", ":", " : ", ""),
                        Arbitraries.oneOf(
                                Arbitraries.of(VALUES), Arbitraries.strings().ofMaxLength(10)))
                .as((indent, dash, key, colon, value) -> " ".repeat(indent) + dash + key + colon + value);
        return line.list().ofMaxSize(30).map(lines -> "kind: workload\n" + String.join("\n", lines) + "\n");
    }

    @Provide
    Arbitrary<List<String>> overrides() {
        return override().list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> override() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.of(FIELDS),
                Arbitraries.of("0", "1", "-1", "999999999", ""),
                Arbitraries.strings().ofMaxLength(6));
        Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(4).map(s -> String.join(".", s));
        return Combinators.combine(
                        path,
                        Arbitraries.of("=", "=", "=", "", "=="),
                        Arbitraries.oneOf(
                                Arbitraries.of(VALUES), Arbitraries.strings().ofMaxLength(12)))
                .as((p, eq, value) -> p + eq + value);
    }

    private static void assertLoadsOrNamesProblems(String text, List<String> overrides) {
        try {
            parse(text, overrides);
        } catch (WorkloadProfileException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).isNotBlank());
        }
    }

    private static void parse(String text, List<String> overrides) {
        WorkloadLoader.parse("test.yaml", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), overrides);
    }
}
