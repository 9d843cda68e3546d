package io.syncmeter.sla.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.sla.ThresholdEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThresholdEventLogTest {

    private static final Instant W = Instant.parse("2026-12-01T10:00:00Z");

    private static ThresholdEvent event(String type, Double lag) {
        return new ThresholdEvent(
                ThresholdEvent.SCHEMA,
                type,
                "replication",
                "dc1",
                "dc2",
                "syncmeter-probes/dc1/k",
                W,
                900.0,
                W.plusSeconds(900),
                W.plusSeconds(901),
                lag);
    }

    @Test
    void shouldDescribeEachTypeInOneLineWithObjectiveDirectionAndKey() {
        assertThat(ThresholdEventLog.line(event("missed-threshold", null)))
                .isEqualTo("SLA replication dc1->dc2: syncmeter-probes/dc1/k missed its 900s threshold"
                        + " (written 2026-12-01T10:00:00Z, still not seen at 2026-12-01T10:15:01Z)");
        assertThat(ThresholdEventLog.line(event("replicated-after-threshold", 912.25)))
                .isEqualTo(
                        "SLA replication dc1->dc2: syncmeter-probes/dc1/k replicated after its 900s threshold, lag 912.25s");
        assertThat(ThresholdEventLog.line(event("missing", null))).contains("never arrived");
        assertThat(ThresholdEventLog.line(event("corrupt", null))).contains("different content");
    }
}
