package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RunPrefixTest {

    @ParameterizedTest
    @CsvSource({"run-1, dc1", "20261202T050000Z_ab12, site-a", "a, b"})
    void shouldBuildThePrefixOfARunAtASite(String runId, String site) {
        assertThat(RunPrefix.of(runId, site).value()).isEqualTo("syncmeter-bench/" + runId + "/" + site + "/");
    }

    @ParameterizedTest
    @CsvSource({
        "'', dc1",
        "../x, dc1",
        "a/b, dc1",
        "., dc1",
        "run.1, dc1",
        "-run, dc1",
        "run, ''",
        "run, DC1",
        "run, dc1/..",
        "run, dc1/x",
    })
    void shouldRefuseARunIdOrSiteThatWouldLeaveTheRunsFolder(String runId, String site) {
        assertThatThrownBy(() -> RunPrefix.of(runId, site)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "/", "syncmeter-bench/", "syncmeter-bench/run/", "syncmeter-bench/run/dc1", "other/run/dc1/"
            })
    void shouldRefuseAnEmptyOrUnsafePrefix(String value) {
        assertThatThrownBy(() -> new RunPrefix(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a safe run prefix");
    }

    @Test
    void shouldRefuseNoPrefix() {
        assertThatThrownBy(() -> new RunPrefix(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
