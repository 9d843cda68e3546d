package io.syncmeter.lifecycle.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.probe.ProbeKeys;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Lifecycle never touches a key outside the probe prefix: over generated keys, built from the parts
 * of the key layout with each part either valid or a near miss, a key is ours exactly when every part
 * is valid; any key we own is the very key a probe writer would write; and a retention sweep over a
 * bucket of such keys deletes only probes of the prefix older than the cutoff.
 */
class ProbePrefixPropertyTest {

    private static final String KEY_PREFIX = "syncmeter-probes";
    private static final ProbePrefix PREFIX = new ProbePrefix(KEY_PREFIX);

    /** A generated key and whether every part of it was valid. */
    record Key(String key, boolean valid) {}

    /** One part of a key. */
    record Part(String text, boolean valid) {}

    @Property
    void shouldOwnAKeyExactlyWhenEveryPartOfTheLayoutIsValid(@ForAll("keys") Key key) {
        assertThat(PREFIX.owns(key.key())).as("owns %s", key.key()).isEqualTo(key.valid());
    }

    @Property
    void shouldOwnOnlyKeysAProbeWriterOfThePrefixWouldWrite(@ForAll("anyText") String text) {
        PREFIX.parse(text)
                .ifPresent(p -> assertThat(
                                ProbeKeys.key(KEY_PREFIX, p.origin(), p.scheduled(), p.writerId(), p.sequence()))
                        .as("a key we own is a writer's key")
                        .isEqualTo(text)
                        .startsWith(KEY_PREFIX + "/"));
    }

    @Property
    void shouldNeverOwnAKeyOutsideTheProbeRoot(@ForAll("anyText") String text) {
        if (!text.startsWith(KEY_PREFIX + "/")) {
            assertThat(PREFIX.owns(text)).isFalse();
            assertThat(PREFIX.owns("data/" + text)).isFalse();
        }
    }

    @Property(tries = 300)
    void shouldSweepOnlyProbesOfThePrefixOlderThanTheCutoff(
            @ForAll("bucketKeys") List<Key> keys, @ForAll("epochMillis") long cutoffMs) {
        InMemoryBucket bucket = new InMemoryBucket();
        keys.forEach(k -> bucket.keys.add(k.key()));
        Instant cutoff = Instant.ofEpochMilli(cutoffMs);
        Set<String> expected = bucket.keys.stream()
                .filter(k ->
                        PREFIX.parse(k).map(p -> p.scheduled().isBefore(cutoff)).orElse(false))
                .collect(Collectors.toSet());

        RetentionSweep.Result result = RetentionSweep.sweep(
                bucket, PREFIX, cutoff, new RetentionSweep.Limits(100_000, 1_000_000, 7), () -> false);

        assertThat(bucket.deleted).isEqualTo(expected);
        assertThat(result.complete()).isTrue();
        bucket.deleteRequests.forEach(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(7));
    }

    @Provide
    Arbitrary<Key> keys() {
        Arbitrary<Part> prefix = part(
                Arbitraries.just(KEY_PREFIX),
                Arbitraries.of(
                        "syncmeter-probesX",
                        "syncmeter-probe",
                        "Syncmeter-probes",
                        "syncmeter_probes",
                        "syncmeter-probes/sub",
                        "syncmeter-probes/",
                        "x/syncmeter-probes",
                        " syncmeter-probes",
                        "data",
                        ""));
        Arbitrary<String> originChars = Arbitraries.strings()
                .withCharRange('a', 'z')
                .numeric()
                .withChars('-')
                .ofMinLength(1)
                .ofMaxLength(10);
        Arbitrary<Part> origin = part(originChars, inject(originChars, 'A', 'Z', '.', '_', ' ', '/', 'é'));
        Arbitrary<Part> time = part(
                Arbitraries.strings().numeric().ofLength(13),
                Arbitraries.oneOf(
                        Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(12),
                        Arbitraries.strings().numeric().ofMinLength(14).ofMaxLength(16),
                        inject(Arbitraries.strings().numeric().ofLength(12), 'x', '-', ' ')));
        Arbitrary<String> writerChars = Arbitraries.strings()
                .withCharRange('a', 'z')
                .numeric()
                .ofMinLength(1)
                .ofMaxLength(16);
        Arbitrary<Part> writer =
                part(writerChars, Arbitraries.oneOf(Arbitraries.just(""), inject(writerChars, '-', 'Q', '_', '/')));
        Arbitrary<Part> sequence = part(
                Arbitraries.strings().numeric().ofLength(12),
                Arbitraries.oneOf(
                        Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(11),
                        Arbitraries.strings().numeric().ofLength(13),
                        inject(Arbitraries.strings().numeric().ofLength(11), 'a', '/')));
        Arbitrary<Part> suffix =
                part(Arbitraries.just(""), Arbitraries.of(".bak", "/", "x", " ", "\n", "/readme", "-1", "/0"));
        return Combinators.combine(prefix, origin, time, writer, sequence, suffix)
                .as((p, o, t, w, s, x) -> new Key(
                        p.text() + "/" + o.text() + "/" + t.text() + "-" + w.text() + "-" + s.text() + x.text(),
                        p.valid() && o.valid() && t.valid() && w.valid() && s.valid() && x.valid()));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings()
                        .withChars("syncmeter-probes/dc1/0123456789-wX.")
                        .ofMaxLength(70),
                keys().map(Key::key));
    }

    @Provide
    Arbitrary<List<Key>> bucketKeys() {
        return keys().list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<Long> epochMillis() {
        return Arbitraries.longs().between(0, 9_999_999_999_999L);
    }

    /** Mostly valid parts, sometimes a near miss. */
    private static Arbitrary<Part> part(Arbitrary<String> valid, Arbitrary<String> invalid) {
        return Arbitraries.frequencyOf(
                Tuple.of(4, valid.map(s -> new Part(s, true))), Tuple.of(1, invalid.map(s -> new Part(s, false))));
    }

    /** Valid text with one of {@code bad} inserted somewhere. */
    private static Arbitrary<String> inject(Arbitrary<String> valid, char... bad) {
        Character[] boxed = new String(bad).chars().mapToObj(c -> (char) c).toArray(Character[]::new);
        return Combinators.combine(
                        valid, Arbitraries.of(boxed), Arbitraries.integers().between(0, 20))
                .as((s, c, at) -> {
                    int i = Math.min(at, s.length());
                    return s.substring(0, i) + c + s.substring(i);
                });
    }
}
