package io.syncmeter.lifecycle.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.probe.ProbeKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetentionSweepTest {

    private static final ProbePrefix PREFIX = new ProbePrefix("syncmeter-probes");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant CUTOFF = NOW.minus(Duration.ofMinutes(15));
    private static final RetentionSweep.Limits GENEROUS = new RetentionSweep.Limits(100_000, 1_000_000, 1000);

    private static String probe(String origin, Instant at, long seq) {
        return ProbeKeys.key("syncmeter-probes", origin, at, "w1", seq);
    }

    private static List<String> probes(String origin, Instant from, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> probe(origin, from.plusMillis(i), i))
                .toList();
    }

    private static RetentionSweep.Result sweep(InMemoryBucket bucket, RetentionSweep.Limits limits) {
        return RetentionSweep.sweep(bucket, PREFIX, CUTOFF, limits, () -> false);
    }

    @Test
    void shouldDeleteProbesOlderThanTheCutoffAndCountThoseLeft() {
        String old1 = probe("dc1", CUTOFF.minusSeconds(60), 1);
        String old2 = probe("dc2", CUTOFF.minusMillis(1), 2);
        String atCutoff = probe("dc1", CUTOFF, 3);
        String young = probe("dc2", NOW, 4);
        InMemoryBucket bucket = new InMemoryBucket().with(old1, old2, atCutoff, young);

        RetentionSweep.Result result = sweep(bucket, GENEROUS);

        assertThat(bucket.deleted).containsExactlyInAnyOrder(old1, old2);
        assertThat(bucket.keys).containsExactlyInAnyOrder(atCutoff, young);
        assertThat(result.complete()).isTrue();
        assertThat(result.stored()).hasValue(2);
        assertThat(result.deletes().deleted()).isEqualTo(2);
    }

    @Test
    void shouldSweepOriginsThatAreNoLongerConfigured() {
        String gone = probe("dc9", CUTOFF.minusSeconds(1), 1);
        InMemoryBucket bucket = new InMemoryBucket().with(gone);

        sweep(bucket, GENEROUS);

        assertThat(bucket.deleted).containsExactly(gone);
    }

    @Test
    void shouldNeverDeleteOrCountKeysThatAreNotProbesOfThePrefix() {
        Instant old = CUTOFF.minus(Duration.ofDays(400));
        List<String> foreign = List.of(
                "data/a",
                "syncmeter-probes/notes.txt",
                "syncmeter-probes/x",
                "syncmeter-probes/dc1/readme",
                "syncmeter-probes/dc1/not-a-probe",
                "syncmeter-probes/dc1/0000000000001-w1-00000000000",
                probe("dc1", old, 1) + ".bak",
                "syncmeter-probes/dc1/sub/" + probe("dc1", old, 1).substring("syncmeter-probes/dc1/".length()),
                "syncmeter-probes/DC1/" + probe("dc1", old, 1).substring("syncmeter-probes/dc1/".length()),
                ProbeKeys.key("syncmeter-probesX", "dc1", old, "w1", 1),
                ProbeKeys.key("syncmeter-probe", "dc1", old, "w1", 1),
                ProbeKeys.key("other/syncmeter-probes", "dc1", old, "w1", 1),
                ProbeKeys.key("syncmeter-probes/dc1", "dc1", old, "w1", 1));
        InMemoryBucket bucket = new InMemoryBucket().with(foreign.toArray(String[]::new));
        String ours = probe("dc1", old, 2);
        bucket.with(ours);

        RetentionSweep.Result result = sweep(bucket, GENEROUS);

        assertThat(bucket.deleted).containsExactly(ours);
        assertThat(bucket.keys).containsExactlyInAnyOrderElementsOf(foreign);
        assertThat(result.stored()).hasValue(0);
    }

    @Test
    void shouldDrainABacklogOverSeveralSweepsWithinTheDeleteBound() {
        InMemoryBucket bucket = new InMemoryBucket();
        bucket.keys.addAll(probes("dc1", CUTOFF.minus(Duration.ofDays(30)), 2500));
        List<String> young = probes("dc1", NOW, 10);
        bucket.keys.addAll(young);
        RetentionSweep.Limits limits = new RetentionSweep.Limits(1000, 1_000_000, 400);

        RetentionSweep.Result first = sweep(bucket, limits);

        assertThat(first.deletes().deleted()).isEqualTo(1000);
        assertThat(bucket.deleteRequests).extracting(List::size).containsExactly(400, 400, 200);
        assertThat(first.complete()).isFalse();
        assertThat(first.stored()).as("unknown until every probe was listed").isEmpty();

        RetentionSweep.Result second = sweep(bucket, limits);
        RetentionSweep.Result third = sweep(bucket, limits);

        assertThat(second.deletes().deleted()).isEqualTo(1000);
        assertThat(third.deletes().deleted()).isEqualTo(500);
        assertThat(third.complete()).isTrue();
        assertThat(third.stored()).hasValue(10);
        assertThat(bucket.keys).containsExactlyElementsOf(young);
    }

    @Test
    void shouldListNoMoreThanItsKeyBoundPerSweep() {
        InMemoryBucket bucket = new InMemoryBucket();
        // foreign objects among the origin's probes are listed but can never be deleted
        IntStream.range(0, 5000).forEach(i -> bucket.keys.add("syncmeter-probes/dc1/0note-" + i));
        bucket.keys.addAll(probes("dc1", NOW, 10));

        RetentionSweep.Result result = sweep(bucket, new RetentionSweep.Limits(1000, 2500, 1000));

        // 1 listing of origins, then pages of 1000, 1000 and 499 keys (the origin counts too)
        assertThat(bucket.listRequests).isEqualTo(4);
        assertThat(result.complete()).isFalse();
        assertThat(result.stored()).isEmpty();
        assertThat(bucket.deleteRequests).isEmpty();
    }

    @Test
    void shouldReportNoCountWhenADeleteFails() {
        InMemoryBucket bucket = new InMemoryBucket();
        bucket.keys.addAll(probes("dc1", CUTOFF.minusSeconds(100), 30));
        bucket.failDeletesFrom = 1;

        RetentionSweep.Result result = sweep(bucket, new RetentionSweep.Limits(1000, 100_000, 10));

        assertThat(result.error()).isPresent();
        assertThat(result.complete()).isFalse();
        assertThat(result.stored()).isEmpty();
        assertThat(result.deletes().deleted()).isEqualTo(10);
        assertThat(result.deletes().failed()).isEqualTo(10);
        assertThat(bucket.deleteRequests).hasSize(2);
    }

    @Test
    void shouldReportAFailedListingAsAnError() {
        InMemoryBucket bucket = new InMemoryBucket().with(probe("dc1", CUTOFF.minusSeconds(1), 1));
        bucket.failListing = true;

        RetentionSweep.Result result = sweep(bucket, GENEROUS);

        assertThat(result.error())
                .get()
                .extracting(Throwable::getMessage)
                .asString()
                .contains("injected");
        assertThat(result.stored()).isEmpty();
        assertThat(bucket.keys).hasSize(1);
    }

    @Test
    void shouldStopWhenShuttingDown() {
        InMemoryBucket bucket = new InMemoryBucket();
        bucket.keys.addAll(probes("dc1", CUTOFF.minusSeconds(100), 10));

        RetentionSweep.Result result = RetentionSweep.sweep(bucket, PREFIX, CUTOFF, GENEROUS, () -> true);

        assertThat(result.complete()).isFalse();
        assertThat(bucket.deleteRequests).isEmpty();
    }
}
