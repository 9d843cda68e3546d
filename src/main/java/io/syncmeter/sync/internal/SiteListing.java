package io.syncmeter.sync.internal;

import io.syncmeter.site.Site;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The keys of one site's bucket under one prefix, as a full sync reads them: whole ranges page by page
 * ({@link #entries}) and single probes ({@link #firstKeyAfter}). Only lists (never writes), and only
 * under the prefix. Thread-safe (the site's client is); each iterator belongs to one thread.
 *
 * @param site the site
 * @param prefix the key prefix, {@code ""} for every key
 */
public record SiteListing(Site site, String prefix) implements RangeSplitter.Probe {

    // a ListObjectsV2 page holds at most 1,000 keys
    private static final int PAGE = 1000;

    /** Whether more keys are here than one listing page holds: less is not worth splitting. */
    public boolean morePagesThanOne() {
        return list(Optional.empty(), PAGE).isTruncated();
    }

    @Override
    public Optional<String> firstKeyAfter(Optional<String> after) {
        return list(after, 1).contents().stream().findFirst().map(S3Object::key);
    }

    /**
     * The objects of the range, in the server's key order, listed from its lower bound ({@code
     * start-after}) and read page by page as the caller takes them, up to its upper bound: the listing
     * stops at the first key past it (so at most one page beyond the range is read). Each next page
     * starts after the last key of the one before, not from a continuation token: the SDK's paginator
     * sends its token beside the {@code start-after}, and S3Proxy 2.6.0 answered 400 to that second
     * page; a key as position works on every server.
     */
    public Iterator<BucketDiff.Entry> entries(KeyRange range) {
        return new Iterator<>() {
            private Iterator<S3Object> page = List.<S3Object>of().iterator();
            private Optional<String> after = range.after();
            private boolean more = true;
            private S3Object next;

            @Override
            public boolean hasNext() {
                while (next == null && (page.hasNext() || more)) {
                    if (!page.hasNext()) {
                        ListObjectsV2Response r = list(after, PAGE);
                        page = r.contents().iterator();
                        more = r.isTruncated() && !r.contents().isEmpty();
                        continue;
                    }
                    S3Object o = page.next();
                    after = Optional.of(o.key());
                    if (range.endsBefore(o.key())) {
                        page = List.<S3Object>of().iterator();
                        more = false;
                    } else {
                        next = o;
                    }
                }
                return next != null;
            }

            @Override
            public BucketDiff.Entry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                S3Object o = next;
                next = null;
                return new BucketDiff.Entry(o.key(), o.size() == null ? -1 : o.size(), o.eTag());
            }
        };
    }

    private ListObjectsV2Response list(Optional<String> after, int maxKeys) {
        return site.s3()
                .listObjectsV2(b -> b.bucket(site.bucket())
                        .prefix(prefix.isEmpty() ? null : prefix)
                        .startAfter(after.orElse(null))
                        .maxKeys(maxKeys));
    }
}
