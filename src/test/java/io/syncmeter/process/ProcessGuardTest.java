package io.syncmeter.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessGuardTest {

    @Test
    void shouldRefuseAShutdownTimeoutThatIsNotPositiveNamingTheKey() {
        assertThatThrownBy(() -> ProcessGuard.validate(() -> Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("syncmeter.process.shutdown-timeout: must be positive, was PT0S");
        assertThatThrownBy(() -> ProcessGuard.validate(() -> Duration.ofSeconds(-5)))
                .hasMessageStartingWith("syncmeter.process.shutdown-timeout: must be positive");
    }

    @Test
    void shouldAcceptAPositiveShutdownTimeout() {
        assertThatCode(() -> ProcessGuard.validate(() -> Duration.ofSeconds(25)))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldSeeNoShutdownUnderWayWhileTheJvmRuns() {
        assertThat(Termination.shutdownUnderWay()).isFalse();
    }
}
