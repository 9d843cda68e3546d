package io.syncmeter.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteConditionsTest {

    private static final String E = "9dd4e461268c8034f5c8564e155c67a6";

    @Test
    void shouldLetACreateOnlyWriteThroughOnlyWhereTheKeyIsMissing() {
        assertThat(WriteConditions.holds(null, "*", null)).isTrue();
        assertThat(WriteConditions.holds(null, "*", E)).isFalse();
    }

    @Test
    void shouldLetAnIfMatchWriteThroughOnlyOverTheSameEtagQuotedOrNot() {
        assertThat(WriteConditions.holds('"' + E + '"', null, E)).isTrue();
        assertThat(WriteConditions.holds(E, null, E)).isTrue();
        assertThat(WriteConditions.holds(E, null, '"' + E + '"')).isTrue();
        assertThat(WriteConditions.holds("\"00000000000000000000000000000000\"", null, E))
                .isFalse();
        assertThat(WriteConditions.holds('"' + E + '"', null, null)).isFalse();
        assertThat(WriteConditions.holds("*", null, E)).isTrue();
        assertThat(WriteConditions.holds("*", null, null)).isFalse();
    }

    @Test
    void shouldRefuseAnIfNoneMatchOfTheHeldEtag() {
        assertThat(WriteConditions.holds(null, '"' + E + '"', E)).isFalse();
        assertThat(WriteConditions.holds(null, "\"other\"", E)).isTrue();
        assertThat(WriteConditions.holds(null, "\"other\"", null)).isTrue();
    }

    @Test
    void shouldLetAnUnconditionalWriteThrough() {
        assertThat(WriteConditions.holds(null, null, E)).isTrue();
        assertThat(WriteConditions.holds(null, null, null)).isTrue();
    }
}
