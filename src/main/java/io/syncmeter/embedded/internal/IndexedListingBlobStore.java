package io.syncmeter.embedded.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Supplier;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.domain.MutableBlobMetadata;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.domain.internal.PageSetImpl;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.CreateContainerOptions;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.domain.Location;

/**
 * A blob store whose prefixed listings cost what they return. jclouds' local stores answer every
 * listing by loading every blob below the prefix (a file and its attributes each, for the {@code
 * filesystem} store), sorting them, and only then applying the marker and the page size. The
 * collector lists each origin's probe prefix five times a second from just below the oldest probe it
 * awaits, so with jclouds alone the cost of a listing grows with every probe the site holds, and the
 * site's CPU with the square of the probe rate.
 *
 * <p>This store keeps the sorted key set of each container it saw created or found at construction,
 * updated by every write and delete that passes through it, and answers a recursive listing with a
 * prefix from that set: it reads only the metadata of the keys on the page. The answer is the one
 * jclouds' {@code LocalBlobStore} gives: keys strictly after the marker, starting with the prefix, in
 * {@code String} order (with the directories the store lists, each just before its first key), at
 * most the page size, with the last entry as the next marker when more follow.
 * Every other listing (a delimiter, no prefix, a prefix starting with '.' where jclouds keeps its
 * multipart parts, a container changed in a way the set does not follow) goes to jclouds.
 *
 * <p>Thread-safe: the key sets are concurrent. A write is added to its set after the delegate
 * stored it, so a listing that follows the write's response sees it; a key listed while being
 * deleted is left out when its metadata is gone.
 */
final class IndexedListingBlobStore extends ForwardingBlobStore {

    /** jclouds' default page size when the listing names none. */
    private static final int DEFAULT_PAGE = 1000;

    private final Map<String, NavigableSet<String>> keys = new ConcurrentHashMap<>();
    private final boolean directories;

    /**
     * Wraps a store, reading the keys of each of its containers once (before the store serves
     * requests: writes made meanwhile by others would be missed).
     *
     * @param directories whether the store lists the directories of keys holding '/' as entries of
     *     their own (jclouds' {@code filesystem} store does: {@code a/} before {@code a/b})
     */
    IndexedListingBlobStore(BlobStore delegate, boolean directories) {
        super(delegate);
        this.directories = directories;
        for (StorageMetadata container : delegate.list()) {
            index(container.getName());
        }
    }

    private void index(String container) {
        NavigableSet<String> set = new ConcurrentSkipListSet<>();
        Set<String> folders = new HashSet<>();
        PageSet<? extends StorageMetadata> all = delegate()
                .list(container, ListContainerOptions.Builder.recursive().maxResults(Integer.MAX_VALUE));
        for (StorageMetadata m : all) {
            if (m.getType() == StorageType.BLOB) {
                set.add(m.getName());
            } else {
                folders.add(m.getName());
            }
        }
        // only when every directory listed holds a key (an empty one is invisible to the set)
        Set<String> implied = new HashSet<>();
        if (directories) {
            for (String key : set) {
                for (int slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) {
                    implied.add(key.substring(0, slash + 1));
                }
            }
        }
        if (set.stream().noneMatch(IndexedListingBlobStore::folderLike) && folders.equals(implied)) {
            keys.put(container, set);
        }
    }

    /** Keys jclouds may treat as directories: listings of containers holding them go to jclouds. */
    private static boolean folderLike(String key) {
        return key.endsWith("/");
    }

    /** Whether listings of this container are answered from its key set (for tests). */
    boolean indexed(String container) {
        return keys.containsKey(container);
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
        NavigableSet<String> set = keys.get(container);
        String prefix = options.getPrefix();
        if (set == null
                || !options.isRecursive()
                || options.getDelimiter() != null
                || options.getDir() != null
                || prefix == null
                || prefix.isEmpty()
                || prefix.startsWith(".")) {
            return super.list(container, options);
        }
        int max = options.getMaxResults() == null ? DEFAULT_PAGE : options.getMaxResults();
        String marker = options.getMarker();
        NavigableSet<String> tail = marker != null && marker.compareTo(prefix) >= 0
                ? set.tailSet(marker, false)
                : set.tailSet(prefix, true);
        Page page = new Page(container, prefix, marker, max, options.isDetailed());
        for (String key : tail) {
            if (!key.startsWith(prefix)) {
                break;
            }
            if (directories) {
                // a directory sorts just before the first key below it; one not after the last entry was
                // listed already; the store walks from the prefix's directory and leaves that one out
                for (int slash = key.indexOf('/');
                        slash >= 0 && slash < key.length() - 1;
                        slash = key.indexOf('/', slash + 1)) {
                    String directory = key.substring(0, slash + 1);
                    if (!directory.equals(prefix) && !page.offer(directory)) {
                        return page.result();
                    }
                }
            }
            if (!page.offer(key)) {
                return page.result();
            }
        }
        return page.result();
    }

    /** One listing's page, filled in name order. */
    private final class Page {
        private final String container;
        private final String prefix;
        private final int max;
        private final boolean detailed;
        private final List<StorageMetadata> entries = new ArrayList<>();
        private String last;
        private boolean more;

        Page(String container, String prefix, String marker, int max, boolean detailed) {
            this.container = container;
            this.prefix = prefix;
            this.last = marker;
            this.max = max;
            this.detailed = detailed;
        }

        /** Adds a name if it belongs on the page; false once the page is full and one more exists. */
        boolean offer(String name) {
            if (!name.startsWith(prefix) || (last != null && name.compareTo(last) <= 0)) {
                return true;
            }
            BlobMetadata metadata = delegate().blobMetadata(container, name);
            if (metadata == null) {
                return true; // deleted since it was indexed
            }
            if (entries.size() == max) {
                more = true;
                return false;
            }
            if (!detailed && metadata instanceof MutableBlobMetadata mutable) {
                mutable.getUserMetadata().clear();
            }
            entries.add(metadata);
            last = name;
            return true;
        }

        PageSet<StorageMetadata> result() {
            String next = more && max > 0 ? entries.get(entries.size() - 1).getName() : null;
            return new PageSetImpl<>(entries, next);
        }
    }

    @Override
    public boolean createContainerInLocation(Location location, String container) {
        boolean created = super.createContainerInLocation(location, container);
        if (created) {
            keys.put(container, new ConcurrentSkipListSet<>());
        }
        return created;
    }

    @Override
    public boolean createContainerInLocation(Location location, String container, CreateContainerOptions options) {
        boolean created = super.createContainerInLocation(location, container, options);
        if (created) {
            keys.put(container, new ConcurrentSkipListSet<>());
        }
        return created;
    }

    @Override
    public String putBlob(String container, Blob blob) {
        return written(container, blob.getMetadata().getName(), () -> super.putBlob(container, blob));
    }

    @Override
    public String putBlob(String container, Blob blob, PutOptions options) {
        return written(container, blob.getMetadata().getName(), () -> super.putBlob(container, blob, options));
    }

    @Override
    public String copyBlob(String fromContainer, String fromName, String toContainer, String toName, CopyOptions o) {
        return written(toContainer, toName, () -> super.copyBlob(fromContainer, fromName, toContainer, toName, o));
    }

    @Override
    public String completeMultipartUpload(MultipartUpload mpu, List<MultipartPart> parts) {
        return written(mpu.containerName(), mpu.blobName(), () -> super.completeMultipartUpload(mpu, parts));
    }

    // a write that failed may still have left the key, or removed what was there
    private String written(String container, String name, Supplier<String> write) {
        try {
            String etag = write.get();
            added(container, name);
            return etag;
        } catch (RuntimeException e) {
            resync(container, name);
            throw e;
        }
    }

    @Override
    public void removeBlob(String container, String name) {
        try {
            super.removeBlob(container, name);
        } finally {
            resync(container, name);
        }
    }

    @Override
    public void removeBlobs(String container, Iterable<String> names) {
        try {
            super.removeBlobs(container, names);
        } finally {
            for (String name : names) {
                resync(container, name);
            }
        }
    }

    // Changes the key sets do not follow one by one: the container's listings go to jclouds from now.

    @Override
    public void clearContainer(String container) {
        keys.remove(container);
        super.clearContainer(container);
    }

    @Override
    public void clearContainer(String container, ListContainerOptions options) {
        keys.remove(container);
        super.clearContainer(container, options);
    }

    @Override
    public void deleteContainer(String container) {
        keys.remove(container);
        super.deleteContainer(container);
    }

    @Override
    public boolean deleteContainerIfEmpty(String container) {
        keys.remove(container);
        return super.deleteContainerIfEmpty(container);
    }

    @Override
    public void createDirectory(String container, String directory) {
        keys.remove(container);
        super.createDirectory(container, directory);
    }

    @Override
    public void deleteDirectory(String container, String directory) {
        keys.remove(container);
        super.deleteDirectory(container, directory);
    }

    private void added(String container, String name) {
        NavigableSet<String> set = keys.get(container);
        if (set == null) {
            return;
        }
        if (folderLike(name)) {
            keys.remove(container);
        } else {
            set.add(name);
        }
    }

    /** After a failed write or any delete: the set holds the key exactly when the store does. */
    private void resync(String container, String name) {
        NavigableSet<String> set = keys.get(container);
        if (set == null) {
            return;
        }
        if (delegate().blobExists(container, name)) {
            added(container, name);
        } else {
            set.remove(name);
        }
    }
}
