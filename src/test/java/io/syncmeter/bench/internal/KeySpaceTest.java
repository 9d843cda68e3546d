package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class KeySpaceTest {

    @Test
    void shouldReadAmongAllKeysWhileNoneIsKnown() {
        KeySpace keys = new KeySpace(100);

        assertThat(keys.forRead(0.999)).isEqualTo(99);
        assertThat(keys.known()).isZero();
    }

    @Test
    void shouldTakeNewKeysInOrderAndOverwriteTakenOnes() {
        KeySpace keys = new KeySpace(100);

        assertThat(keys.forWrite(0.5)).isZero();
        assertThat(keys.forWrite(0.5)).isEqualTo(1);
        // a draw below what is taken overwrites
        assertThat(keys.forWrite(0.0)).isZero();
        assertThat(keys.taken()).isEqualTo(2);
    }

    @Test
    void shouldKnowAKeyOnlyOnceItsWriteAndEveryEarlierOneEnded() {
        KeySpace keys = new KeySpace(10);
        long first = keys.takeNew();
        long second = keys.takeNew();

        keys.ended(second);
        assertThat(keys.known()).isZero();
        keys.ended(first);
        assertThat(keys.known()).isEqualTo(2);
        assertThat(LongStream.range(0, 1000).map(i -> keys.forRead(i / 1000.0)).boxed())
                .containsOnly(0L, 1L);
    }

    @Test
    void shouldOverwriteOnceEveryKeyIsTaken() {
        KeySpace keys = new KeySpace(2);
        keys.takeNew();
        keys.takeNew();

        assertThat(keys.takeNew()).isEqualTo(-1);
        assertThat(keys.forWrite(0.9)).isEqualTo(1);
    }

    @Test
    void shouldKnowEveryKeyWrittenFromManyThreads() throws Exception {
        KeySpace keys = new KeySpace(100_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                writers.add(pool.submit(() -> {
                    for (long k = keys.takeNew(); k >= 0; k = keys.takeNew()) {
                        keys.ended(k);
                    }
                }));
            }
            for (Future<?> f : writers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(keys.known()).isEqualTo(100_000);
    }

    @Test
    void shouldRefuseAnEmptyKeySpace() {
        assertThatThrownBy(() -> new KeySpace(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
