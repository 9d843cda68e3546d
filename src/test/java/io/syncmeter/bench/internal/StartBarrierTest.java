package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncmeter.bench.JointRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StartBarrierTest {

    private static final Instant T = Instant.parse("2026-12-03T12:00:00Z");
    private static final String PROFILE = "bench-replication-burst";

    private static RunEvent ready(String join, String party, int parties, String profile, int second) {
        return new RunEvent(
                RunEvent.SCHEMA,
                RunEvent.READY,
                "run-" + party,
                join,
                party,
                parties,
                profile,
                T.plusSeconds(second),
                null,
                null,
                null,
                null);
    }

    private static JointRun self(String party, int parties) {
        return new JointRun("burst-1", party, parties);
    }

    @Test
    void shouldStayOpenUntilEveryPartyCame() throws Exception {
        List<RunEvent> seen = new ArrayList<>(List.of(ready("burst-1", "dc1", 3, PROFILE, 0)));
        assertThat(StartBarrier.decide(seen, self("dc1", 3), PROFILE)).isEmpty();
        seen.add(ready("burst-1", "dc2", 3, PROFILE, 4));
        // the same party twice, another joint run's party and another type count for nothing
        seen.add(ready("burst-1", "dc2", 3, PROFILE, 5));
        seen.add(ready("burst-0", "dc3", 3, PROFILE, 6));
        assertThat(StartBarrier.decide(seen, self("dc1", 3), PROFILE)).isEmpty();

        seen.add(ready("burst-1", "dc3", 3, PROFILE, 9));
        StartBarrier.Meeting m =
                StartBarrier.decide(seen, self("dc2", 3), PROFILE).orElseThrow();
        assertThat(m.members()).containsExactly("dc1", "dc2", "dc3");
        assertThat(m.runs()).containsEntry("dc3", "run-dc3");
        assertThat(m.start())
                .as("the last member's record, then the lead")
                .isEqualTo(T.plusSeconds(9).plus(StartBarrier.LEAD));
    }

    @Test
    void shouldGiveEveryMemberTheSameMeetingWhateverElseEachSawAfterIt() throws Exception {
        List<RunEvent> topic = List.of(
                ready("burst-1", "a", 2, PROFILE, 0),
                ready("burst-1", "b", 2, PROFILE, 2),
                ready("burst-1", "c", 2, PROFILE, 3));
        Optional<StartBarrier.Meeting> a = StartBarrier.decide(topic, self("a", 2), PROFILE);
        Optional<StartBarrier.Meeting> b = StartBarrier.decide(topic.subList(0, 2), self("b", 2), PROFILE);
        assertThat(a).isPresent().isEqualTo(b);
    }

    @Test
    void shouldRefuseAPartyThatCameAfterTheMembersWereComplete() {
        List<RunEvent> topic = List.of(
                ready("burst-1", "a", 2, PROFILE, 0),
                ready("burst-1", "b", 2, PROFILE, 2),
                ready("burst-1", "late", 2, PROFILE, 30));
        assertThatThrownBy(() -> StartBarrier.decide(topic, self("late", 2), PROFILE))
                .isInstanceOf(StartBarrier.Refused.class)
                .hasMessageContaining("already started with its 2 parties [a, b] and without this one (late)")
                .hasMessageContaining("new --join name");
    }

    @Test
    void shouldRefuseMembersThatDisagreeOnThePartiesOrTheProfile() {
        List<RunEvent> topic =
                List.of(ready("burst-1", "a", 2, PROFILE, 0), ready("burst-1", "b", 3, "bench-mixed-small", 1));
        assertThatThrownBy(() -> StartBarrier.decide(topic, self("a", 2), PROFILE))
                .isInstanceOf(StartBarrier.Refused.class)
                .hasMessageContaining("party b joined for 3 parties, this one (a) for 2")
                .hasMessageContaining("party b runs profile bench-mixed-small, this one (a) " + PROFILE);
    }

    @Test
    void shouldStartAfterTheLatestRecordEvenWhenClocksPutThemOutOfOrder() throws Exception {
        // the topic's order is the broker's; each record's time is its writer's clock
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            List<Integer> seconds = new ArrayList<>(List.of(0, 1, 2, 3, 4));
            Collections.shuffle(seconds, random);
            List<RunEvent> topic = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                topic.add(ready("burst-1", "p" + i, 5, PROFILE, seconds.get(i)));
            }
            assertThat(StartBarrier.decide(topic, self("p0", 5), PROFILE)
                            .orElseThrow()
                            .start())
                    .isEqualTo(T.plusSeconds(4).plus(StartBarrier.LEAD));
        }
    }
}
