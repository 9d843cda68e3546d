package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OwnDeletesTest {

    private static final Instant T = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void shouldAnswerForOneEchoPerDelete() {
        OwnDeletes own = new OwnDeletes(Duration.ofMinutes(5), Duration.ZERO, 10);
        own.record("dc2", "k", T);
        own.record("dc2", "k", T.plusSeconds(1));

        assertThat(own.consume("dc2", "k", T.plusSeconds(2), T.plusSeconds(2))).isTrue();
        assertThat(own.consume("dc2", "k", T.plusSeconds(2), T.plusSeconds(2))).isTrue();
        assertThat(own.consume("dc2", "k", T.plusSeconds(2), T.plusSeconds(2))).isFalse();
        assertThat(own.consume("dc1", "k", T.plusSeconds(2), T.plusSeconds(2))).isFalse();
    }

    @Test
    void shouldNotSwallowARemovalNotifiedBeforeOurDeleteBeyondTheSkew() {
        OwnDeletes own = new OwnDeletes(Duration.ofMinutes(5), Duration.ofSeconds(1), 10);
        own.record("dc2", "k", T.plusSeconds(10));

        assertThat(own.consume("dc2", "k", T.plusSeconds(8), T.plusSeconds(11))).isFalse();
        assertThat(own.consume("dc2", "k", T.plusMillis(9_500), T.plusSeconds(11)))
                .isTrue();
    }

    @Test
    void shouldForgetAfterTheTtlAndBeyondTheCapacity() {
        OwnDeletes own = new OwnDeletes(Duration.ofMinutes(5), Duration.ZERO, 2);
        own.record("dc2", "old", T);
        own.record("dc2", "a", T.plusSeconds(400));
        assertThat(own.size()).as("expired when the next is recorded").isEqualTo(1);
        own.record("dc2", "b", T.plusSeconds(401));
        own.record("dc2", "c", T.plusSeconds(402));
        assertThat(own.size()).isEqualTo(2);
        assertThat(own.consume("dc2", "a", null, T.plusSeconds(403)))
                .as("the oldest went first")
                .isFalse();
        assertThat(own.consume("dc2", "c", null, T.plusSeconds(403))).isTrue();
        assertThat(own.consume("dc2", "b", null, T.plusSeconds(800)))
                .as("past the ttl")
                .isFalse();
    }
}
