package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Key ranges cover the key space with no gap and no overlap, for any UTF-8 keys: every key lies in
 * exactly one range, and listing each range the way a server does (from {@code start-after}, stopping
 * past the upper bound) yields every key exactly once — whether the server orders keys by UTF-8 bytes
 * (S3) or by UTF-16 code units (S3Proxy's in-memory store) — for any boundaries and for the ones {@link
 * RangeSplitter} finds.
 */
class KeyRangePropertyTest {

    // daemon threads: shared by the jqwik and the Jupiter tests of this class, never stopped
    private static final ExecutorService POOL = Executors.newFixedThreadPool(4, DaemonThreads.named("test-probes"));

    /** The two key orders servers use. */
    enum ServerOrder {
        UTF8(KeyRange.S3_ORDER),
        UTF16(Comparator.naturalOrder());

        final Comparator<String> order;

        ServerOrder(Comparator<String> order) {
            this.order = order;
        }
    }

    @Property(tries = 500)
    void shouldPutEveryKeyInExactlyOneRange(
            @ForAll("keySets") Set<String> keys, @ForAll("boundarySets") Set<String> boundaries) {
        List<KeyRange> ranges = KeyRange.between(boundaries);
        assertThat(ranges).hasSize(boundaries.size() + 1);
        for (String key : keys) {
            assertThat(ranges.stream().filter(r -> r.contains(key)))
                    .as("ranges holding %s", key)
                    .hasSize(1);
        }
    }

    @Property(tries = 500)
    void shouldListEveryKeyExactlyOnceFromStartAfterToTheUpperBound(
            @ForAll("keySets") Set<String> keys,
            @ForAll("boundarySets") Set<String> boundaries,
            @ForAll ServerOrder server) {
        assertListedExactlyOnce(keys, KeyRange.between(boundaries), server);
    }

    @Property(tries = 300)
    void shouldSplitWhatExistsIntoRangesThatListEveryKeyOnce(
            @ForAll("keySets") Set<String> suffixes,
            @ForAll @IntRange(min = 1, max = 12) int wanted,
            @ForAll ServerOrder server) {
        String prefix = "p/";
        Set<String> keys = suffixes.stream().map(s -> prefix + s).collect(Collectors.toSet());
        // a key outside the prefix the probe must not see
        Set<String> bucket = new TreeSet<>(keys);
        bucket.add("q/outside");

        List<KeyRange> ranges =
                new RangeSplitter(wanted, POOL).split(prefix, probe(bucket, prefix, server, new AtomicInteger()));

        assertThat(ranges.size()).isBetween(1, 2 * wanted);
        ranges.forEach(r -> {
            r.after().ifPresent(a -> assertThat(a).startsWith(prefix));
            r.upTo().ifPresent(u -> assertThat(u).startsWith(prefix));
        });
        assertListedExactlyOnce(keys, ranges, server);
    }

    @Test
    void shouldOrderByUtf8BytesWhereUtf16Differs() {
        String privateUse = "\uE000";
        String emoji = "\uD83D\uDE00"; // U+1F600
        assertThat(KeyRange.S3_ORDER.compare(privateUse, emoji)).isNegative();
        assertThat(privateUse.compareTo(emoji)).isPositive();
        assertThat(KeyRange.S3_ORDER.compare("a", "ab")).isNegative();
        assertThat(KeyRange.S3_ORDER.compare("ab", "ab")).isZero();
    }

    @Test
    void shouldPutAKeyAtABoundaryIntoTheRangeThatEndsThere() {
        List<KeyRange> ranges = KeyRange.between(List.of("m", "c", "m"));
        assertThat(ranges).hasSize(3);
        assertThat(ranges.get(0).contains("c")).isTrue();
        assertThat(ranges.get(1).contains("c")).isFalse();
        assertThat(ranges.get(1).contains("c\u0000")).isTrue();
        assertThat(ranges.get(1).contains("m")).isTrue();
        assertThat(ranges.get(2).contains("m")).isFalse();
        assertThat(ranges.get(2).contains("m\uD83D\uDE00")).isTrue();
        assertThat(ranges.get(0).endsBefore("c0")).isTrue();
        assertThat(KeyRange.between(List.of())).containsExactly(KeyRange.ALL);
        assertThat(KeyRange.ALL.contains("")).isTrue();
    }

    @Test
    void shouldRefuseBoundsWhereTheTwoKeyOrdersPart() {
        assertThat(KeyRange.isBoundary("data/\uD7FF")).isTrue();
        assertThat(KeyRange.isBoundary("data/\uE000")).isFalse();
        assertThatThrownBy(() -> KeyRange.between(List.of("a\uD83D\uDE00")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyRange(Optional.of("b"), Optional.of("a")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCutNumberedKeysIntoEvenRangesWithFewProbes() {
        Set<String> bucket = IntStream.range(0, 20_000)
                .mapToObj(i -> String.format("bench/k-%05d", i))
                .collect(Collectors.toCollection(TreeSet::new));
        AtomicInteger probes = new AtomicInteger();

        List<KeyRange> ranges =
                new RangeSplitter(16, POOL).split("bench/", probe(bucket, "bench/", ServerOrder.UTF8, probes));

        // the keys fan out at k-0…/k-1… and then at the next digit: 20 ranges of 1,000
        assertThat(ranges).hasSize(20);
        for (KeyRange r : ranges) {
            assertThat(bucket.stream().filter(r::contains).count()).as("%s", r).isEqualTo(1000);
        }
        assertThat(probes.get()).isLessThan(40);
    }

    @Test
    void shouldNotProbeForOneRangeAndNotCutAnEmptyPrefix() {
        AtomicInteger probes = new AtomicInteger();
        assertThat(new RangeSplitter(1, POOL).split("", probe(Set.of("a", "b"), "", ServerOrder.UTF8, probes)))
                .containsExactly(KeyRange.ALL);
        assertThat(probes.get()).isZero();
        assertThat(new RangeSplitter(8, POOL).split("x/", probe(Set.of("a"), "x/", ServerOrder.UTF8, probes)))
                .containsExactly(KeyRange.ALL);
    }

    // lists each range as a server of that order does; every key must come exactly once, in its range
    private static void assertListedExactlyOnce(Set<String> keys, List<KeyRange> ranges, ServerOrder server) {
        List<String> sorted = keys.stream().sorted(server.order).toList();
        List<String> listed = new ArrayList<>();
        for (KeyRange r : ranges) {
            for (String k : sorted) {
                if (r.after().isPresent() && server.order.compare(k, r.after().get()) <= 0) {
                    continue;
                }
                if (r.endsBefore(k)) {
                    break;
                }
                assertThat(r.contains(k)).as("%s listed in %s", k, r).isTrue();
                listed.add(k);
            }
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(keys);
    }

    // ListObjectsV2 with max-keys=1 under the prefix, on a server of that order
    private static RangeSplitter.Probe probe(Set<String> bucket, String prefix, ServerOrder server, AtomicInteger n) {
        List<String> sorted = bucket.stream()
                .filter(k -> k.startsWith(prefix))
                .sorted(server.order)
                .toList();
        return after -> {
            n.incrementAndGet();
            return sorted.stream()
                    .filter(k -> after.isEmpty() || server.order.compare(k, after.get()) > 0)
                    .findFirst();
        };
    }

    @Provide
    Arbitrary<Set<String>> keySets() {
        return keys().set().ofMaxSize(80);
    }

    @Provide
    Arbitrary<Set<String>> boundarySets() {
        return keys().map(KeyRangePropertyTest::safePart).set().ofMaxSize(12);
    }

    // valid UTF-8 keys: mostly a few ASCII characters (so keys share prefixes and meet boundaries),
    // and characters on both sides of where UTF-8 and UTF-16 order differently
    private static Arbitrary<String> keys() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.of((int) 'a', (int) 'b', (int) '/', (int) '0', (int) '1')),
                Tuple.of(2, Arbitraries.of((int) ' ', (int) '+', (int) '%', (int) '~', 0x7f, 0)),
                Tuple.of(2, Arbitraries.of(0xe9, 0x43a, 0xd7fe, 0xd7ff, 0xe000, 0xfffd, 0xffff)),
                Tuple.of(2, Arbitraries.of(0x10000, 0x1f600, 0x10ffff)),
                Tuple.of(1, Arbitraries.integers().between(1, 0x10ffff).filter(c -> c < 0xd800 || c > 0xdfff)));
        return codePoint.list().ofMaxSize(8).map(cps -> {
            StringBuilder b = new StringBuilder();
            cps.forEach(b::appendCodePoint);
            return b.toString();
        });
    }

    // the part of a key before its first character above U+D7FF: a valid bound
    private static String safePart(String key) {
        int i = 0;
        while (i < key.length() && key.charAt(i) <= KeyRange.BOUNDARY_MAX) {
            i++;
        }
        return key.substring(0, i);
    }
}
