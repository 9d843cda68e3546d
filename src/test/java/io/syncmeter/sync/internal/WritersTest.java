package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WritersTest {

    private static final Heartbeat.Target OURS = new Heartbeat.Target("dc1", "dc2", "http://a/b1", "http://b/b2");
    private static final Heartbeat.Target SAME_PLACES =
            new Heartbeat.Target("east", "west", "http://a/b1", "http://b/b2");
    private static final Heartbeat.Target ELSEWHERE = new Heartbeat.Target("dc1", "dc2", "http://a/b1", "http://c/b2");
    private static final long NOW = 1_000_000;

    private final Writers writers = new Writers("me", "group-b", 5_000);

    private static Heartbeat beat(
            String writer, String group, long startedAt, long sentAt, int shards, Heartbeat.Target t) {
        return new Heartbeat(Heartbeat.SCHEMA, writer, group, startedAt, sentAt, shards, List.of(t));
    }

    @Test
    void shouldCountOnlyItselfWhenAlone() {
        writers.heard(beat("me", "group-b", NOW - 100, NOW, 4, OURS));
        Writers.View v = writers.view(OURS, NOW);
        assertThat(v.writers()).isEqualTo(1);
        assertThat(v.olderGroup()).isEmpty();
    }

    @Test
    void shouldGiveWayToAnOlderDeploymentWritingTheSamePlacesUnderOtherNames() {
        writers.heard(beat("me", "group-b", NOW - 100, NOW, 4, OURS));
        writers.heard(beat("them", "group-x", NOW - 5_000, NOW, 2, SAME_PLACES));
        Writers.View v = writers.view(OURS, NOW);
        assertThat(v.writers()).isEqualTo(2);
        assertThat(v.olderGroup()).contains("group-x");
    }

    @Test
    void shouldKeepWritingBesideANewerDeployment() {
        writers.heard(beat("me", "group-b", NOW - 5_000, NOW, 4, OURS));
        writers.heard(beat("them", "group-x", NOW - 100, NOW, 2, OURS));
        Writers.View v = writers.view(OURS, NOW);
        assertThat(v.writers()).isEqualTo(2);
        assertThat(v.olderGroup()).isEmpty();
    }

    @Test
    void shouldDateADeploymentByItsOldestLiveMember() {
        // our group's other member started long ago: our deployment is the older one
        writers.heard(beat("me", "group-b", NOW - 100, NOW, 2, OURS));
        writers.heard(beat("mate", "group-b", NOW - 9_000, NOW, 2, OURS));
        writers.heard(beat("them", "group-x", NOW - 5_000, NOW, 2, OURS));
        assertThat(writers.view(OURS, NOW).olderGroup()).isEmpty();
    }

    @Test
    void shouldBreakATieByGroupName() {
        writers.heard(beat("me", "group-b", NOW - 100, NOW, 4, OURS));
        writers.heard(beat("them", "group-a", NOW - 100, NOW, 2, OURS));
        assertThat(writers.view(OURS, NOW).olderGroup()).contains("group-a");
        Writers other = new Writers("them", "group-a", 5_000);
        other.heard(beat("me", "group-b", NOW - 100, NOW, 4, OURS));
        other.heard(beat("them", "group-a", NOW - 100, NOW, 2, OURS));
        assertThat(other.view(OURS, NOW).olderGroup())
                .as("exactly one of the two gives way")
                .isEmpty();
    }

    @Test
    void shouldIgnoreOtherPlacesMembersWithoutShardsAndTheExpired() {
        writers.heard(beat("me", "group-b", NOW - 100, NOW, 4, OURS));
        writers.heard(beat("elsewhere", "group-x", NOW - 5_000, NOW, 2, ELSEWHERE));
        writers.heard(beat("idle", "group-y", NOW - 5_000, NOW, 0, OURS));
        writers.heard(beat("gone", "group-z", NOW - 5_000, NOW - 6_000, 2, OURS));
        Writers.View v = writers.view(OURS, NOW);
        assertThat(v.groups()).containsExactly("group-b");
        assertThat(v.olderGroup()).isEmpty();
    }
}
