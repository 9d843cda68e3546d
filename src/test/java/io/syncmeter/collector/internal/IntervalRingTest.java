package io.syncmeter.collector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntervalRingTest {

    @Test
    void shouldDropTheOldestWhenFull() {
        IntervalRing<Integer> ring = new IntervalRing<>(3);
        for (int i = 1; i <= 5; i++) {
            ring.add(i);
        }
        assertThat(ring.size()).isEqualTo(3);
        assertThat(ring.select(i -> true)).containsExactly(3, 4, 5);
    }

    @Test
    void shouldSelectOldestFirst() {
        IntervalRing<Integer> ring = new IntervalRing<>(10);
        for (int i = 1; i <= 6; i++) {
            ring.add(i);
        }
        assertThat(ring.select(i -> i % 2 == 0)).containsExactly(2, 4, 6);
    }

    @Test
    void shouldRefuseACapacityBelowOne() {
        assertThatThrownBy(() -> new IntervalRing<>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
