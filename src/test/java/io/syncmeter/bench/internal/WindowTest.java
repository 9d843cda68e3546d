package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The copy window: its ends interpolated between samples, so the sampling interval does not round it. */
class WindowTest {

    private static Window.Sample at(double seconds, double copied, double requests, double cpu, double servers) {
        return new Window.Sample(
                (long) (seconds * 1e9),
                copied,
                requests,
                Duration.ofMillis((long) (cpu * 1000)),
                Duration.ofMillis((long) (servers * 1000)));
    }

    @Test
    void shouldInterpolateBothEndsOfTheWindow() {
        // 100 copies/s from t=1 s, 2 ms of copier CPU and 3 requests per copy, the servers 1 ms per copy
        Window w = new Window(150, 650);
        for (int i = 0; i <= 9; i++) {
            double copied = Math.max(0, (i - 1) * 100.0);
            w.sample(at(i, copied, copied * 3, copied * 0.002, copied * 0.001));
            if (w.closed()) {
                break;
            }
        }
        assertThat(w.closed()).isTrue();
        CopyReport.Copy c = w.result("engine", 16, 1, true);
        assertThat(c.objects()).isEqualTo(500);
        assertThat(c.objectsPerSecond()).isCloseTo(100, within(0.01));
        assertThat(c.cpuPerThousand()).isCloseTo(2.0, within(0.01));
        assertThat(c.serversCpuPerThousand()).isCloseTo(1.0, within(0.01));
        assertThat(c.requestsPerCopy()).isCloseTo(3.0, within(0.001));
    }

    @Test
    void shouldCountAPauseInsideTheWindow() {
        Window w = new Window(0, 200);
        w.sample(at(0, 0, 0, 0, 0));
        w.sample(at(1, 100, 0, 1, 0));
        w.sample(at(5, 100, 0, 1, 0)); // standing still for 4 s
        w.sample(at(6, 200, 0, 2, 0));
        assertThat(w.result("engine", 4, 1, true).objectsPerSecond()).isCloseTo(200 / 6.0, within(0.01));
    }

    @Test
    void shouldRefuseAResultBeforeTheWindowCloses() {
        Window w = new Window(0, 10);
        w.sample(at(0, 5, 0, 0, 0));
        assertThat(w.closed()).isFalse();
        assertThat(w.last()).isEqualTo(5);
        assertThatThrownBy(() -> w.result("engine", 4, 1, true)).isInstanceOf(IllegalStateException.class);
    }
}
