package io.syncmeter.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void shouldGiveTheLowerCaseMetricLabels() {
        assertThat(Outcome.REPLICATED.label()).isEqualTo("replicated");
        assertThat(Outcome.LATE.label()).isEqualTo("late");
        assertThat(Outcome.MISSING.label()).isEqualTo("missing");
        assertThat(Outcome.CORRUPT.label()).isEqualTo("corrupt");
        assertThat(Outcome.DUPLICATE.label()).isEqualTo("duplicate");
    }

    @Test
    void shouldHaveExactlyTheContractedOutcomes() {
        assertThat(Arrays.stream(Outcome.values()).map(Outcome::label))
                .containsExactlyInAnyOrder("replicated", "late", "missing", "corrupt", "duplicate");
    }
}
