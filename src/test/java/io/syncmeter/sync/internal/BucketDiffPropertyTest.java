package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.sync.internal.BucketDiff.Difference;
import io.syncmeter.sync.internal.BucketDiff.Entry;
import io.syncmeter.sync.internal.BucketDiff.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The streaming comparison reports exactly the set differences of two listings, in key order. */
class BucketDiffPropertyTest {

    @Property
    void shouldReportExactlyWhatDiffers(
            @ForAll @Size(max = 60)
                    Map<@AlphaChars @StringLength(min = 1, max = 4) String, @IntRange(max = 3) Integer> source,
            @ForAll @Size(max = 60)
                    Map<@AlphaChars @StringLength(min = 1, max = 4) String, @IntRange(max = 3) Integer> target) {
        List<Difference> found = new ArrayList<>();
        BucketDiff.Counts counts =
                BucketDiff.compare(listing(source).iterator(), listing(target).iterator(), found::add);

        TreeMap<String, Kind> expected = new TreeMap<>();
        source.forEach((k, v) -> {
            if (!target.containsKey(k)) {
                expected.put(k, Kind.MISSING);
            } else if (!target.get(k).equals(v)) {
                expected.put(k, Kind.DIFFERS);
            }
        });
        target.keySet().stream().filter(k -> !source.containsKey(k)).forEach(k -> expected.put(k, Kind.EXTRA));
        assertThat(found)
                .containsExactlyElementsOf(expected.entrySet().stream()
                        .map(e -> new Difference(e.getKey(), e.getValue()))
                        .toList());
        assertThat(counts.source()).isEqualTo(source.size());
        assertThat(counts.target()).isEqualTo(target.size());
        assertThat(counts.missing() + counts.differs() + counts.extra()).isEqualTo(found.size());
    }

    @Test
    void shouldIgnoreEtagQuotesButNotSize() {
        List<Difference> found = new ArrayList<>();
        BucketDiff.compare(
                List.of(new Entry("a", 1, "\"x\""), new Entry("b", 1, "y")).iterator(),
                List.of(new Entry("a", 1, "x"), new Entry("b", 2, "y")).iterator(),
                found::add);
        assertThat(found).containsExactly(new Difference("b", Kind.DIFFERS));
    }

    // the value stands for the version: same value, same ETag and size
    private static List<Entry> listing(Map<String, Integer> objects) {
        return new TreeMap<>(objects)
                .entrySet().stream()
                        .map(e -> new Entry(e.getKey(), e.getValue(), "etag-" + e.getValue()))
                        .toList();
    }
}
