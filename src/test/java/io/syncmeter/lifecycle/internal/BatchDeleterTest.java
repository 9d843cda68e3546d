package io.syncmeter.lifecycle.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchDeleterTest {

    private static List<String> keys(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("k%05d", i)).toList();
    }

    @Test
    void shouldSendAtMostBatchSizeKeysPerRequestInOrder() {
        InMemoryBucket bucket = new InMemoryBucket();
        bucket.keys.addAll(keys(2500));

        BatchDeleter.Result result = BatchDeleter.delete(bucket, keys(2500), 1000);

        assertThat(bucket.deleteRequests).extracting(List::size).containsExactly(1000, 1000, 500);
        assertThat(bucket.deleteRequests.get(1).get(0)).isEqualTo("k01000");
        assertThat(result.deleted()).isEqualTo(2500);
        assertThat(result.failed()).isZero();
        assertThat(result.requests()).isEqualTo(3);
        assertThat(bucket.keys).isEmpty();
    }

    @Test
    void shouldSendNothingForNoKeys() {
        InMemoryBucket bucket = new InMemoryBucket();

        assertThat(BatchDeleter.delete(bucket, List.of(), 10)).isEqualTo(BatchDeleter.Result.NONE);
        assertThat(bucket.deleteRequests).isEmpty();
    }

    @Test
    void shouldCountKeysTheServerRefusesAsFailed() {
        InMemoryBucket bucket = new InMemoryBucket();
        bucket.keys.addAll(keys(5));
        bucket.refused.add("k00003");

        BatchDeleter.Result result = BatchDeleter.delete(bucket, keys(5), 2);

        assertThat(result.deleted()).isEqualTo(4);
        assertThat(result.failed()).isEqualTo(1);
        assertThat(result.error()).isEmpty();
        assertThat(bucket.keys).containsExactly("k00003");
    }

    @Test
    void shouldStopAtAFailedRequestAndCountItsKeysAndTheUnsentOnesFailed() {
        InMemoryBucket bucket = new InMemoryBucket();
        bucket.keys.addAll(keys(10));
        bucket.failDeletesFrom = 1;

        BatchDeleter.Result result = BatchDeleter.delete(bucket, keys(10), 3);

        assertThat(bucket.deleteRequests).hasSize(2); // no third or fourth request after the failure
        assertThat(result.deleted()).isEqualTo(3);
        assertThat(result.failed()).isEqualTo(7);
        assertThat(result.error())
                .get()
                .extracting(Throwable::getMessage)
                .asString()
                .contains("injected");
    }

    @Test
    void shouldRefuseBatchSizesS3DoesNotAllow() {
        InMemoryBucket bucket = new InMemoryBucket();
        assertThatThrownBy(() -> BatchDeleter.delete(bucket, keys(1), 1001))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchDeleter.delete(bucket, keys(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
