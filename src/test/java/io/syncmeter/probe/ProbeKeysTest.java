package io.syncmeter.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ProbeKeysTest {

    private static final String PREFIX = "syncmeter-probes";
    private static final Instant T = Instant.parse("2025-03-01T12:00:00.123Z");

    @Test
    void shouldEndOriginPrefixWithSlash() {
        assertThat(ProbeKeys.originPrefix(PREFIX, "dc1")).isEqualTo("syncmeter-probes/dc1/");
    }

    @Test
    void shouldStartEveryKeyWithItsOriginPrefix() {
        assertThat(ProbeKeys.key(PREFIX, "dc1", T, "w1", 7)).startsWith(ProbeKeys.originPrefix(PREFIX, "dc1"));
    }

    @Test
    void shouldLayOutKeyWithPaddedTimeAndSequence() {
        assertThat(ProbeKeys.key(PREFIX, "dc1", T, "w1", 7))
                .isEqualTo("syncmeter-probes/dc1/" + T.toEpochMilli() + "-w1-000000000007");
    }

    @Test
    void shouldSortKeysOfOneOriginInScheduledOrderAcrossDigitCountBoundaries() {
        List<String> scheduledOrder = new ArrayList<>();
        scheduledOrder.add(ProbeKeys.key(PREFIX, "dc1", Instant.ofEpochMilli(9), "w1", 9));
        scheduledOrder.add(ProbeKeys.key(PREFIX, "dc1", Instant.ofEpochMilli(10), "w1", 10));
        scheduledOrder.add(ProbeKeys.key(PREFIX, "dc1", T, "w1", 99));
        scheduledOrder.add(ProbeKeys.key(PREFIX, "dc1", T.plusMillis(1), "w1", 100));
        scheduledOrder.add(ProbeKeys.key(PREFIX, "dc1", T.plusSeconds(1), "w1", 999_999));
        scheduledOrder.add(ProbeKeys.key(PREFIX, "dc1", T.plusSeconds(3600), "w1", 1_000_000));

        assertThat(new TreeSet<>(scheduledOrder)).containsExactlyElementsOf(scheduledOrder);
    }

    @Test
    void shouldSortBySequenceWhenScheduledAtTheSameMillisecond() {
        String nine = ProbeKeys.key(PREFIX, "dc1", T, "w1", 9);
        String ten = ProbeKeys.key(PREFIX, "dc1", T, "w1", 10);

        assertThat(nine).isLessThan(ten);
    }

    @Test
    void shouldSortByTimeEvenWhenSequenceRunsBackwards() {
        String earlierWithHigherSequence = ProbeKeys.key(PREFIX, "dc1", T, "w1", 500);
        String laterWithLowerSequence = ProbeKeys.key(PREFIX, "dc1", T.plusMillis(1), "w2", 1);

        assertThat(earlierWithHigherSequence).isLessThan(laterWithLowerSequence);
    }

    @Test
    void shouldMakeJustBeforeAProperPrefixThatSortsStrictlyBeforeTheKey() {
        String key = ProbeKeys.key(PREFIX, "dc1", T, "w1", 10);
        String before = ProbeKeys.justBefore(key);

        assertThat(key).startsWith(before);
        assertThat(before).hasSizeLessThan(key.length());
        assertThat(before.compareTo(key)).isNegative();
    }

    @Test
    void shouldIncludeTheKeyInAListingStartingAfterJustBefore() {
        String key = ProbeKeys.key(PREFIX, "dc1", T, "w1", 10);
        String startAfter = ProbeKeys.justBefore(key);

        // ListObjectsV2 start-after returns the keys that sort strictly after it
        assertThat(key.compareTo(startAfter)).isPositive();
    }

    @Test
    void shouldSortJustBeforeAfterAKeyScheduledOneMillisecondEarlier() {
        String key = ProbeKeys.key(PREFIX, "dc1", T, "w1", 10);
        String earlier = ProbeKeys.key(PREFIX, "dc1", T.minusMillis(1), "w1", 9);

        assertThat(earlier.compareTo(ProbeKeys.justBefore(key))).isNegative();
    }

    @Test
    void shouldRoundTripKeyThroughParse() {
        String key = ProbeKeys.key("a/b", "dc-2", T, "w1x", 123_456_789_012L);

        assertThat(ProbeKeys.parse(key)).contains(new ProbeKeys.Parsed("a/b", "dc-2", T, "w1x", 123_456_789_012L));
    }

    @Test
    void shouldRejectKeysThatAreNotProbes() {
        assertThat(ProbeKeys.parse("photos/cat.jpg")).isEmpty();
        assertThat(ProbeKeys.parse("syncmeter-probes/dc1/")).isEmpty();
        assertThat(ProbeKeys.parse("syncmeter-probes/dc1/1740830400123-w1-7")).isEmpty();
        assertThat(ProbeKeys.parse("syncmeter-probes/dc1/174083040012-w1-000000000007"))
                .isEmpty();
        assertThat(ProbeKeys.parse("syncmeter-probes/DC1/1740830400123-w1-000000000007"))
                .isEmpty();
        assertThat(ProbeKeys.parse("syncmeter-probes/dc1/1740830400123-w1-000000000007.tmp"))
                .isEmpty();
    }

    @Test
    void shouldRejectTimesOutsideTheThirteenDigitLayout() {
        assertThatThrownBy(() -> ProbeKeys.key(PREFIX, "dc1", Instant.ofEpochMilli(-1), "w1", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProbeKeys.key(PREFIX, "dc1", Instant.ofEpochMilli(10_000_000_000_000L), "w1", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
