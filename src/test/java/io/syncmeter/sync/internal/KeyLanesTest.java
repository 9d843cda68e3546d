package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyLanesTest {

    private KeyLanes lanes;

    @AfterEach
    void close() {
        if (lanes != null) {
            lanes.close();
        }
    }

    @Test
    void shouldRunTheWorkOfOneKeyInOrder() throws Exception {
        lanes = new KeyLanes(8, 1000, "t");
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            // distinct "same" identities: nothing is merged, only ordered
            all.add(lanes.submit("k", "k" + n, () -> seen.add(n)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add(i);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldRunOtherKeysWhileOneIsBlocked() throws Exception {
        lanes = new KeyLanes(4, 1000, "t");
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> blocked = lanes.submit("slow", "slow", () -> await(release));
        AtomicInteger others = new AtomicInteger();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String key = "key-" + i;
            if (Math.floorMod(key.hashCode(), 4) != Math.floorMod("slow".hashCode(), 4)) {
                all.add(lanes.submit(key, key, others::incrementAndGet));
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(others.get()).isEqualTo(all.size()).isPositive();
        assertThat(blocked).isNotDone();
        release.countDown();
        blocked.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldMergeWorkThatIsStillWaitingButNotWorkThatStarted() throws Exception {
        lanes = new KeyLanes(1, 1000, "t");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Void> first = lanes.submit("k", "dc1/k", () -> {
            runs.incrementAndGet();
            started.countDown();
            await(release);
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        // the first one runs: a change now needs a second run, and the two after it share that run
        CompletableFuture<Void> second = lanes.submit("k", "dc1/k", runs::incrementAndGet);
        CompletableFuture<Void> third = lanes.submit("k", "dc1/k", runs::incrementAndGet);
        CompletableFuture<Void> otherSource = lanes.submit("k", "dc2/k", runs::incrementAndGet);
        assertThat(third).isSameAs(second);
        assertThat(otherSource).isNotSameAs(second);
        release.countDown();
        CompletableFuture.allOf(first, second, third, otherSource).get(10, TimeUnit.SECONDS);
        assertThat(runs.get()).isEqualTo(3);
    }

    @Test
    void shouldRunTheWaitingItemMergedWithTheLaterOnes() throws Exception {
        lanes = new KeyLanes(1, 1000, "t");
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> blocker = lanes.submit("k", "blocker", () -> await(release));
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        BinaryOperator<String> merge = (earlier, later) -> earlier + "+" + later;
        CompletableFuture<Void> a = lanes.submit("k", "dc1/k", "a", merge, ran::add);
        CompletableFuture<Void> b = lanes.submit("k", "dc1/k", "b", merge, ran::add);
        CompletableFuture<Void> c = lanes.submit("k", "dc1/k", "c", merge, ran::add);
        assertThat(b).isSameAs(a);
        assertThat(c).isSameAs(a);
        release.countDown();
        CompletableFuture.allOf(blocker, a).get(10, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("a+b+c");
        assertThat(lanes.inFlight()).isZero();
    }

    @Test
    void shouldAdmitOnlyBelowTheInFlightBound() throws Exception {
        lanes = new KeyLanes(2, 2, "t");
        CountDownLatch release = new CountDownLatch(1);
        lanes.submit("a", "a", () -> await(release));
        assertThat(lanes.admitted().toCompletableFuture()).isDone();
        lanes.submit("b", "b", () -> await(release));
        CompletableFuture<Void> admitted = lanes.admitted().toCompletableFuture();
        assertThat(admitted).isNotDone();
        assertThat(lanes.inFlight()).isEqualTo(2);
        release.countDown();
        admitted.get(10, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lanes.inFlight() == 0);
    }

    @Test
    void shouldKeepALaneAliveAfterWorkThatThrows() throws Exception {
        lanes = new KeyLanes(1, 10, "t");
        lanes.submit("k", "1", () -> {
                    throw new IllegalStateException("boom");
                })
                .get(10, TimeUnit.SECONDS);
        AtomicInteger after = new AtomicInteger();
        lanes.submit("k", "2", after::incrementAndGet).get(10, TimeUnit.SECONDS);
        assertThat(after.get()).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
