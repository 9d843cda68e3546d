package io.syncmeter.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.Test;

/**
 * The indexed listing answers exactly what jclouds' own listing of the same filesystem store answers,
 * for keys stored before and after the index was built and keys deleted through it.
 */
class IndexedListingBlobStoreTest {

    private static final String BUCKET = "b";

    /** A listing: prefix, marker (or null), page size (or null). */
    record Query(String prefix, String marker, Integer max) {}

    @Property(tries = 60)
    void shouldListWhatJcloudsListsForEveryPrefixMarkerAndPage(
            @ForAll("keys") Set<String> before,
            @ForAll("keys") Set<String> after,
            @ForAll("keys") Set<String> deleted,
            @ForAll("queries") List<Query> queries,
            @ForAll boolean filesystem)
            throws IOException {
        try (Store s = new Store(filesystem)) {
            before.forEach(k -> put(s.raw, k));
            IndexedListingBlobStore indexed = new IndexedListingBlobStore(s.raw, filesystem);
            after.stream().filter(k -> !before.contains(k)).forEach(k -> put(indexed, k));
            indexed.removeBlobs(
                    BUCKET,
                    deleted.stream()
                            .filter(k -> before.contains(k) || after.contains(k))
                            .toList());
            for (String k : deleted) {
                indexed.removeBlob(BUCKET, k); // deleting a missing key is no error
            }
            assertThat(indexed.indexed(BUCKET)).isTrue();
            for (Query q : queries) {
                ListContainerOptions options =
                        ListContainerOptions.Builder.prefix(q.prefix()).recursive();
                if (q.marker() != null) {
                    options.afterMarker(q.marker());
                }
                if (q.max() != null) {
                    options.maxResults(q.max());
                }
                assertThat(page(indexed.list(BUCKET, options)))
                        .as("%s", q)
                        .isEqualTo(page(s.raw.list(BUCKET, options)));
            }
        }
    }

    @Test
    void shouldLeaveListingsWithADelimiterOrWithoutPrefixToJclouds() throws IOException {
        try (Store s = new Store(true)) {
            IndexedListingBlobStore indexed = new IndexedListingBlobStore(s.raw, true);
            Stream.of("p/aa", "p/dd/ab", "q/b", ".mpus-x").forEach(k -> put(indexed, k));
            for (ListContainerOptions options : List.of(
                    ListContainerOptions.Builder.prefix("p/").delimiter("/"),
                    ListContainerOptions.Builder.recursive(),
                    ListContainerOptions.Builder.prefix(".mp").recursive(),
                    ListContainerOptions.NONE)) {
                assertThat(page(indexed.list(BUCKET, options))).isEqualTo(page(s.raw.list(BUCKET, options)));
            }
            assertThat(page(indexed.list(
                                    BUCKET,
                                    ListContainerOptions.Builder.prefix("p/dd/").delimiter("/")))
                            .names())
                    .containsExactly("p/dd/ab");
        }
    }

    @Test
    void shouldStopIndexingAContainerOnceAKeyNamesADirectory() throws IOException {
        try (Store s = new Store(true)) {
            IndexedListingBlobStore indexed = new IndexedListingBlobStore(s.raw, true);
            put(indexed, "p/aa");
            indexed.putBlob(
                    BUCKET, indexed.blobBuilder("p/dir/").payload(new byte[0]).build());
            assertThat(indexed.indexed(BUCKET)).isFalse();
            ListContainerOptions options =
                    ListContainerOptions.Builder.prefix("p/").recursive();
            assertThat(page(indexed.list(BUCKET, options))).isEqualTo(page(s.raw.list(BUCKET, options)));
        }
    }

    @Test
    void shouldIndexAContainerCreatedThroughIt() throws IOException {
        try (Store s = new Store(true)) {
            IndexedListingBlobStore indexed = new IndexedListingBlobStore(s.raw, true);
            assertThat(indexed.createContainerInLocation(null, "other")).isTrue();
            assertThat(indexed.indexed("other")).isTrue();
            indexed.putBlob("other", indexed.blobBuilder("p/x").payload("x").build());
            assertThat(page(indexed.list(
                                    "other",
                                    ListContainerOptions.Builder.prefix("p/").recursive()))
                            .names())
                    .containsExactly("p/x");
        }
    }

    /** What a listing answered: names, ETags, sizes, content types, and the next marker. */
    record Page(List<String> names, List<String> details, String next) {}

    private static Page page(PageSet<? extends StorageMetadata> set) {
        List<String> names = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (StorageMetadata m : set) {
            names.add(m.getName());
            details.add(m.getType() + " " + m.getETag() + " " + m.getSize() + " " + m.getUserMetadata());
        }
        return new Page(names, details, set.getNextMarker());
    }

    private static void put(BlobStore store, String key) {
        store.putBlob(
                BUCKET,
                store.blobBuilder(key)
                        .payload("body of " + key)
                        .userMetadata(java.util.Map.of("k", key.replace('/', '_')))
                        .build());
    }

    // leaf names use a, b, c; the one directory is "dd", so no key is both a file and a directory
    @Provide
    Arbitrary<Set<String>> keys() {
        Arbitrary<String> leaf =
                Arbitraries.strings().withChars('a', 'b', 'c').ofMinLength(1).ofMaxLength(3);
        Arbitrary<String> parent = Arbitraries.of("p/", "p/dd/", "q/", "pa");
        return Combinators.combine(parent, leaf).as(String::concat).set().ofMaxSize(25);
    }

    @Provide
    Arbitrary<List<Query>> queries() {
        Arbitrary<String> prefix = Arbitraries.of("p", "p/", "p/a", "p/dd/", "q/", "pa", "z/");
        Arbitrary<String> marker =
                Arbitraries.of("p/", "p/b", "p/dd/a", "pab", "q/c", "a", "zz").injectNull(0.4);
        Arbitrary<Integer> max = Arbitraries.integers().between(1, 8).injectNull(0.3);
        return Combinators.combine(prefix, marker, max)
                .as(Query::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(6);
    }

    /** A jclouds store with one container: filesystem (in a directory removed on close) or transient. */
    private static final class Store implements AutoCloseable {
        final Path dir;
        final BlobStoreContext context;
        final BlobStore raw;

        Store(boolean filesystem) throws IOException {
            dir = Files.createTempDirectory("indexed-listing");
            Properties overrides = new Properties();
            overrides.setProperty("jclouds.filesystem.basedir", dir.toString());
            context = ContextBuilder.newBuilder(filesystem ? "filesystem" : "transient")
                    .credentials("identity", "credential")
                    .overrides(overrides)
                    .build(BlobStoreContext.class);
            raw = context.getBlobStore();
            raw.createContainerInLocation(null, BUCKET);
        }

        @Override
        public void close() throws IOException {
            context.close();
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
