package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OverwritesTest {

    private final Overwrites overwrites = new Overwrites();

    // writes recorded as `existed` until the mode changes; -1 when it did not within 100
    private int untilSwitch(String target, boolean existed) {
        boolean before = overwrites.createFirst(target);
        for (int n = 1; n <= 100; n++) {
            overwrites.record(target, existed);
            if (overwrites.createFirst(target) != before) {
                return n;
            }
        }
        return -1;
    }

    @Test
    void shouldStartWithTheCreateOnlyPutAtATargetNeverWrittenTo() {
        assertThat(overwrites.createFirst("dc2")).isTrue();
    }

    @Test
    void shouldReadTheTargetFirstOnceMostRecentWritesFoundTheirKeyAndComeBackWhenFewDo() {
        // share after n overwrites: 1 - (15/16)^n, above 0.5 from the 11th
        assertThat(untilSwitch("dc2", true)).isEqualTo(11);
        assertThat(overwrites.createFirst("dc2")).isFalse();
        // 0.508 * (15/16)^m below 0.3 from the 9th new key
        assertThat(untilSwitch("dc2", false)).isEqualTo(9);
        assertThat(overwrites.createFirst("dc2")).isTrue();
    }

    @Test
    void shouldNotSwitchAtEveryWriteWhileTheShareStaysNearTheBreakEven() {
        // 45 % overwrites at random: the share wanders around the thresholds. With one threshold
        // instead of two, this switches about 250 times in 2,000 writes
        Random random = new Random(7);
        int switches = 0;
        boolean mode = overwrites.createFirst("dc2");
        for (int i = 0; i < 2000; i++) {
            overwrites.record("dc2", random.nextDouble() < 0.45);
            if (overwrites.createFirst("dc2") != mode) {
                switches++;
                mode = !mode;
            }
        }
        assertThat(switches).isBetween(1, 40);
    }

    @Test
    void shouldKeepEachTargetsShareApart() {
        untilSwitch("dc2", true);

        assertThat(overwrites.createFirst("dc2")).isFalse();
        assertThat(overwrites.createFirst("dc3")).isTrue();
    }
}
