package io.syncmeter.lifecycle.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A bucket in memory with S3's listing semantics (key order, delimiter '/', start-after, truncation),
 * that records every request and can be told to fail. Not thread-safe: one test drives it.
 */
final class InMemoryBucket implements BucketObjects {

    final TreeSet<String> keys = new TreeSet<>();
    final List<List<String>> deleteRequests = new ArrayList<>();
    final Set<String> deleted = new HashSet<>();
    int listRequests;
    /** Keys the server reports it could not delete. */
    final Set<String> refused = new HashSet<>();
    /** Delete requests from this one on (0-based) fail as a whole; -1: none. */
    int failDeletesFrom = -1;

    boolean failListing;

    InMemoryBucket with(String... ks) {
        keys.addAll(List.of(ks));
        return this;
    }

    @Override
    public List<String> childPrefixes(String prefix) {
        listRequests++;
        check();
        Set<String> out = new TreeSet<>();
        for (String k : keys.tailSet(prefix)) {
            if (!k.startsWith(prefix)) {
                break;
            }
            int slash = k.indexOf('/', prefix.length());
            if (slash >= 0) {
                out.add(k.substring(0, slash + 1));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public Page keys(String prefix, String startAfter, int max) {
        listRequests++;
        check();
        List<String> page = new ArrayList<>();
        boolean truncated = false;
        for (String k : startAfter == null ? keys.tailSet(prefix) : keys.tailSet(startAfter, false)) {
            if (!k.startsWith(prefix)) {
                if (k.compareTo(prefix) > 0) {
                    break;
                }
                continue;
            }
            if (page.size() == max) {
                truncated = true;
                break;
            }
            page.add(k);
        }
        return new Page(page, truncated);
    }

    @Override
    public Set<String> delete(List<String> batch) {
        if (batch.size() > 1000) {
            throw new IllegalArgumentException("S3 allows at most 1000 keys per DeleteObjects, got " + batch.size());
        }
        int n = deleteRequests.size();
        deleteRequests.add(List.copyOf(batch));
        if (failDeletesFrom >= 0 && n >= failDeletesFrom) {
            throw new IllegalStateException("injected: delete request " + n + " failed");
        }
        Set<String> failed = new HashSet<>();
        for (String k : batch) {
            if (refused.contains(k)) {
                failed.add(k);
            } else {
                keys.remove(k);
                deleted.add(k);
            }
        }
        return failed;
    }

    private void check() {
        if (failListing) {
            throw new IllegalStateException("injected: listing failed");
        }
    }
}
