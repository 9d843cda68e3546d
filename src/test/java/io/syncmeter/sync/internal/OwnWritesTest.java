package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OwnWritesTest {

    private static final Instant T = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void shouldAnswerForOneEchoPerWriteAndTellWhoseChangeMadeIt() {
        OwnWrites own = new OwnWrites(Duration.ofMinutes(5), Duration.ZERO, 10);
        own.record("dc2", "k", null, "dc1", T);
        own.record("dc2", "k", null, "dc3", T.plusSeconds(1));
        own.record("dc2", "k", "\"e1\"", "dc1", T.plusSeconds(1));

        assertThat(own.consume("dc2", "k", null, T.plusSeconds(2), T.plusSeconds(2)))
                .hasValue("dc1");
        assertThat(own.consume("dc2", "k", null, T.plusSeconds(2), T.plusSeconds(2)))
                .hasValue("dc3");
        assertThat(own.consume("dc2", "k", null, T.plusSeconds(2), T.plusSeconds(2)))
                .isEmpty();
        assertThat(own.consume("dc2", "k", "e2", T.plusSeconds(2), T.plusSeconds(2)))
                .as("another ETag is someone else's write")
                .isEmpty();
        assertThat(own.consume("dc2", "k", "e1", T.plusSeconds(2), T.plusSeconds(2)))
                .hasValue("dc1");
        assertThat(own.consume("dc1", "k", null, T.plusSeconds(2), T.plusSeconds(2)))
                .isEmpty();
    }

    @Test
    void shouldNotSwallowARemovalNotifiedBeforeOurDeleteBeyondTheSkew() {
        OwnWrites own = new OwnWrites(Duration.ofMinutes(5), Duration.ofSeconds(1), 10);
        own.record("dc2", "k", null, "dc1", T.plusSeconds(10));

        assertThat(own.consume("dc2", "k", null, T.plusSeconds(8), T.plusSeconds(11)))
                .isEmpty();
        assertThat(own.consume("dc2", "k", null, T.plusMillis(9_500), T.plusSeconds(11)))
                .hasValue("dc1");
    }

    @Test
    void shouldForgetAfterTheTtlAndBeyondTheCapacity() {
        OwnWrites own = new OwnWrites(Duration.ofMinutes(5), Duration.ZERO, 2);
        own.record("dc2", "old", null, "dc1", T);
        own.record("dc2", "a", null, "dc1", T.plusSeconds(400));
        assertThat(own.size()).as("expired when the next is recorded").isEqualTo(1);
        own.record("dc2", "b", null, "dc1", T.plusSeconds(401));
        own.record("dc2", "c", null, "dc1", T.plusSeconds(402));
        assertThat(own.size()).isEqualTo(2);
        assertThat(own.consume("dc2", "a", null, null, T.plusSeconds(403)))
                .as("the oldest went first")
                .isEmpty();
        assertThat(own.consume("dc2", "c", null, null, T.plusSeconds(403))).hasValue("dc1");
        assertThat(own.consume("dc2", "b", null, null, T.plusSeconds(800)))
                .as("past the ttl")
                .isEmpty();
    }
}
