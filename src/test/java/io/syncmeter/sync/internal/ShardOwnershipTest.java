package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShardOwnershipTest {

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final PauseWatch pauses = PauseWatch.manual(2_000, nanos::get, millis::get);
    private final ShardOwnership ownership = new ShardOwnership();

    private void advance(long ms) {
        nanos.addAndGet(ms * 1_000_000);
        millis.addAndGet(ms);
    }

    private ShardOwnership.Lease lease(int partition) {
        return new ShardOwnership.Lease(
                ownership, pauses, partition, ownership.generation(partition).orElseThrow(), millis.get());
    }

    @Test
    void shouldGiveEveryAssignmentANewGenerationAndEndItOnRevocation() {
        ownership.assigned(List.of(0, 1));
        long first = ownership.generation(0).orElseThrow();
        assertThat(ownership.owned()).isEqualTo(2);
        ownership.revoked(List.of(0));
        assertThat(ownership.generation(0)).isEmpty();
        ownership.assigned(List.of(0));
        assertThat(ownership.generation(0).orElseThrow()).isGreaterThan(first);
        assertThat(ownership.holds(0, first)).isFalse();
        assertThat(ownership.moves()).isEqualTo(4);
        // revoking what is not owned moves nothing
        ownership.revoked(List.of(7));
        assertThat(ownership.moves()).isEqualTo(4);
    }

    @Test
    void shouldEndAStaleOwnershipWhenAnAssignmentNoLongerHoldsIt() {
        ownership.assigned(List.of(1, 3));
        long three = ownership.generation(3).orElseThrow();
        // the loss of 1 and 3 was never told; the next assignment gives 2 and 3 anew
        ownership.assigned(List.of(2, 3), List.of(2, 3));
        assertThat(ownership.generation(1)).isEmpty();
        assertThat(ownership.owned()).isEqualTo(2);
        assertThat(ownership.generation(3).orElseThrow()).isGreaterThan(three);
        // an assignment that adds nothing still ends what is no longer held
        ownership.assigned(List.of(), List.of(3));
        assertThat(ownership.generation(2)).isEmpty();
        assertThat(ownership.owned()).isEqualTo(1);
    }

    @Test
    void shouldAllowWritesWhileTheShardIsHeldUnderTheSameGeneration() {
        ownership.assigned(List.of(3));
        ShardOwnership.Lease lease = lease(3);
        advance(100);
        pauses.tick();
        lease.check();
        assertThat(lease.held()).isTrue();
    }

    @Test
    void shouldFenceAWriteOnceTheShardMovedEvenIfItCameBack() {
        ownership.assigned(List.of(3));
        ShardOwnership.Lease lease = lease(3);
        ownership.revoked(List.of(3));
        assertThatThrownBy(lease::check).isInstanceOf(Fence.Fenced.class).hasMessageContaining("shard 3");
        ownership.assigned(List.of(3));
        // a new generation: what was taken under the old one may have been synced by another owner since
        assertThatThrownBy(lease::check).isInstanceOf(Fence.Fenced.class);
        assertThat(lease.held()).isFalse();
        lease(3).check();
    }

    @Test
    void shouldFenceAWriteAfterTheProcessStoodStillSinceTheChangeWasTaken() {
        ownership.assigned(List.of(1));
        ShardOwnership.Lease lease = lease(1);
        advance(5_000); // frozen: no tick for 5 s
        // a lane thread that resumed before the watch ticked
        assertThatThrownBy(lease::check).isInstanceOf(Fence.Fenced.class).hasMessageContaining("stood still");
        pauses.tick();
        advance(100);
        pauses.tick();
        // the watch has seen the pause now: still fenced, though the ticks run again
        assertThatThrownBy(lease::check).isInstanceOf(Fence.Fenced.class);
        assertThat(lease.held()).isFalse();
        // a change taken after the pause may write
        lease(1).check();
        assertThat(pauses.pauses()).isEqualTo(1);
    }

    @Test
    void shouldNotCountAShortStallAsAPause() {
        ownership.assigned(List.of(1));
        ShardOwnership.Lease lease = lease(1);
        advance(1_900);
        pauses.tick();
        lease.check();
        assertThat(pauses.pauses()).isZero();
    }

    @Test
    void shouldMergeToTheEarlierTimeAndTheLaterGeneration() {
        ownership.assigned(List.of(2));
        ShardOwnership.Lease earlier = lease(2);
        advance(3_000);
        pauses.tick(); // a pause between the two changes
        ownership.revoked(List.of(2));
        ownership.assigned(List.of(2));
        advance(100);
        ShardOwnership.Lease later = lease(2);
        ShardOwnership.Lease merged = earlier.merge(later);
        assertThat(merged.generation()).isEqualTo(later.generation());
        assertThat(merged.sinceMillis()).isEqualTo(earlier.sinceMillis());
        // the earlier change was taken before the pause: the merged work must not write on its word
        assertThatThrownBy(merged::check).isInstanceOf(Fence.Fenced.class);
    }
}
