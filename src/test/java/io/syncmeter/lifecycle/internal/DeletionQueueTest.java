package io.syncmeter.lifecycle.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeletionQueueTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void shouldReturnOnlyEntriesWhoseTimeHasComeEarliestFirst() {
        DeletionQueue queue = new DeletionQueue(10);
        queue.offer("late", Set.of("dc1"), T0.plusSeconds(30));
        queue.offer("early", Set.of("dc1"), T0.plusSeconds(10));
        queue.offer("now", Set.of("dc1"), T0.plusSeconds(20));

        assertThat(queue.pollDue(T0.plusSeconds(5))).isEmpty();
        assertThat(queue.pollDue(T0.plusSeconds(20)))
                .extracting(DeletionQueue.Entry::key)
                .containsExactly("early", "now");
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.pollDue(T0.plusSeconds(60)))
                .extracting(DeletionQueue.Entry::key)
                .containsExactly("late");
        assertThat(queue.pollDue(T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void shouldRefuseOffersWhenFullAndAcceptAgainOnceDrained() {
        DeletionQueue queue = new DeletionQueue(3);
        for (int i = 0; i < 3; i++) {
            assertThat(queue.offer("k" + i, Set.of("dc1"), T0)).isTrue();
        }

        assertThat(queue.offer("k3", Set.of("dc1"), T0)).isFalse();
        assertThat(queue.size()).isEqualTo(3);

        queue.pollDue(T0);
        assertThat(queue.offer("k4", Set.of("dc1"), T0)).isTrue();
    }

    @Test
    void shouldStayWithinItsBoundWhateverIsOffered() {
        DeletionQueue queue = new DeletionQueue(1000);
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            if (queue.offer("k" + i, Set.of("dc1", "dc2"), T0.plusSeconds(3600))) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(1000);
        assertThat(queue.size()).isEqualTo(1000);
    }

    @Test
    void shouldGroupDueKeysPerSite() {
        DeletionQueue queue = new DeletionQueue(10);
        queue.offer("a", Set.of("dc1", "dc2"), T0);
        queue.offer("b", Set.of("dc2", "dc3"), T0.plusMillis(1));

        Map<String, List<String>> perSite = DeletionQueue.keysPerSite(queue.pollDue(T0.plusSeconds(1)));

        assertThat(perSite)
                .containsExactly(
                        Map.entry("dc1", List.of("a")),
                        Map.entry("dc2", List.of("a", "b")),
                        Map.entry("dc3", List.of("b")));
    }
}
