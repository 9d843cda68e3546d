package io.syncmeter.bench.internal;

import io.syncmeter.bench.WorkloadProfile;
import io.syncmeter.bench.WorkloadProfile.Operation;
import io.syncmeter.site.Site;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 side of a benchmark run at one site: each {@link #next} makes one operation of the profile's
 * mix on a key under the run's prefix, and says what it moved and how it failed. The choices (which
 * operation, which size, which key draw, which bytes) come from the operation's sequence number and the
 * run seed, so the same run makes the same requests; which key a draw lands on also depends on which
 * keys earlier operations had written (see {@link KeySpace}), which only a one-thread run repeats
 * exactly.
 *
 * <p>Keys: reads, HEADs and DELETEs pick among the keys known to exist (prefilled or written); a key a
 * DELETE removed stays among them, so a later GET or HEAD of it is the error kind {@value
 * ErrorKind#NOT_FOUND}, until a later write draws it again and puts it back.
 *
 * <p>Lifecycle: build one per run and site; {@link #prefill} once before the load (optional); {@link
 * #next} from any number of threads at once; {@link #cleanup} once the load has stopped (it may run
 * again to finish a cleanup that failed). The site and its client are the caller's: nothing here closes
 * them. Thread-safe; no threads of its own but {@link #prefill}'s, which end before it returns.
 */
public final class SiteOperations implements Operations {

    /** What a prefill wrote: objects and bytes, and the failures by kind. */
    public record Prefill(long objects, long bytes, Map<String, Long> errors) {
        public Prefill {
            errors = Map.copyOf(errors);
        }
    }

    /** What a cleanup removed: objects deleted and multipart uploads aborted under the run prefix. */
    public record Cleanup(long deleted, long abortedUploads) {
        /** Both cleanups' counts together. */
        public Cleanup plus(Cleanup other) {
            return new Cleanup(deleted + other.deleted, abortedUploads + other.abortedUploads);
        }
    }

    /** The most keys a LIST page or a DeleteObjects batch holds, as S3 allows. */
    static final int PAGE = 1000;

    // a different stream from the operations' for the same seed
    private static final long PREFILL_STREAM = 0x9E3779B97F4A7C15L;
    private static final int READ_BUFFER = 16 * 1024;

    private final Site site;
    private final S3Client s3;
    private final String bucket;
    private final RunPrefix prefix;
    private final WorkloadChoices choices;
    private final KeySpace keys;
    private final long prefillCount;
    private final long partSize;
    private final long seed;
    // the prefill's objects written so far, read by progress reports from other threads
    private final LongAdder prefilledSoFar = new LongAdder();
    private volatile PutListener written;
    private volatile DeleteListener deletedListener;

    /**
     * Operations at {@code site} under {@code prefix}, which this run owns (its cleanup deletes all of
     * it).
     *
     * @param seed the run seed: the same seed makes the same choices
     */
    public SiteOperations(WorkloadProfile profile, Site site, RunPrefix prefix, long seed) {
        this.site = site;
        this.s3 = site.s3();
        this.bucket = site.bucket();
        this.prefix = prefix;
        this.choices = new WorkloadChoices(profile.operations(), profile.objectSize(), seed);
        this.keys = new KeySpace(profile.keys().count());
        this.prefillCount = Math.min(profile.keys().prefill(), profile.keys().count());
        this.partSize = profile.multipart().partSize();
        this.seed = seed;
    }

    /**
     * Makes operation {@code sequence}. A GET reads the whole body and drops it, and its {@code
     * firstByteNanos} runs from the call's start to the first body byte; the other operations leave it
     * -1 (their response is their end, which the load loop times). Failures of the site or the
     * connection come back as an {@link ErrorKind}, never thrown.
     */
    @Override
    public OpResult next(long sequence) {
        WorkloadChoices.Choice c = choices.choose(sequence);
        try {
            return switch (c.operation()) {
                case PUT -> put(c);
                case GET -> get(c);
                case HEAD -> head(c);
                case LIST -> list();
                case DELETE -> delete(c);
                case MULTIPART_PUT -> multipartPut(c);
            };
        } catch (SdkException | IOException | UncheckedIOException e) {
            return OpResult.failed(c.operation(), ErrorKind.of(e));
        }
    }

    /** The key of object {@code index}: under the prefix, sorted like the numbers. */
    String key(long index) {
        String digits = Long.toString(index);
        return prefix.value() + "0".repeat(Math.max(0, 10 - digits.length())) + digits;
    }

    /** The run's prefix at this site. */
    public RunPrefix prefix() {
        return prefix;
    }

    /** The keys this run has taken so far (each written at least once, or being written). */
    long keysTaken() {
        return keys.taken();
    }

    /**
     * Writes the profile's {@code keys.prefill} objects, the first keys, with {@code concurrency}
     * threads of its own, and returns when all are written or failed (failures are counted, not
     * thrown). Not measured; call once, before the load.
     */
    /** Told of each PUT of the load that succeeded, from the thread that made it. */
    @FunctionalInterface
    public interface PutListener {
        /**
         * @param ackNanos when the PUT was acknowledged ({@link System#nanoTime})
         */
        void written(String key, String etag, long ackNanos);
    }

    /**
     * Tells {@code listener} of every PUT of the load from now on (not the prefill's, not multipart
     * uploads: a copy of those may carry another ETag); set before the load starts.
     */
    public void onWritten(PutListener listener) {
        this.written = listener;
    }

    /** Told of every DELETE of the load, once the site acknowledged it. */
    @FunctionalInterface
    public interface DeleteListener {
        void deleted(String key);
    }

    /** Tells {@code listener} of every DELETE of the load from now on; set before the load starts. */
    public void onDeleted(DeleteListener listener) {
        this.deletedListener = listener;
    }

    /** The objects the prefill has written so far (while it runs); any thread. */
    public long prefilledSoFar() {
        return prefilledSoFar.sum();
    }

    public Prefill prefill(int concurrency) throws InterruptedException {
        if (concurrency < 1) {
            throw new IllegalArgumentException("prefill concurrency below 1: " + concurrency);
        }
        AtomicLong remaining = new AtomicLong(prefillCount);
        LongAdder objects = new LongAdder();
        LongAdder bytes = new LongAdder();
        Map<String, Long> errors = new ConcurrentHashMap<>();
        Callable<Void> worker = () -> {
            while (remaining.getAndDecrement() > 0) {
                long k = keys.takeNew();
                if (k < 0) {
                    break;
                }
                Written w = prefilled(k);
                try {
                    s3.putObject(b -> b.bucket(bucket).key(key(k)), ObjectBody.request(w.bodySeed(), w.size()));
                    objects.increment();
                    prefilledSoFar.increment();
                    bytes.add(w.size());
                } catch (SdkException e) {
                    errors.merge(ErrorKind.of(e), 1L, Long::sum);
                } finally {
                    keys.ended(k);
                }
            }
            return null;
        };
        int threads = (int) Math.max(1, Math.min(concurrency, prefillCount));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-prefill-" + site.name());
            t.setDaemon(true);
            return t;
        });
        try {
            for (Future<Void> f : pool.invokeAll(Collections.nCopies(threads, worker))) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("prefill at " + site.name() + " failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Prefill(objects.sum(), bytes.sum(), new TreeMap<>(errors));
    }

    /** The size and bytes of prefilled object {@code key}: drawn from the key, not from the order of writing. */
    Written prefilled(long key) {
        SplittableRandom random = WorkloadChoices.random(seed ^ PREFILL_STREAM, key);
        long size = choices.size(random);
        return new Written(size, random.nextLong());
    }

    /** An object as written: its size and the seed of its bytes ({@link ObjectBody}). */
    record Written(long size, long bodySeed) {}

    /**
     * Deletes every object under the run prefix, and only there, and aborts every multipart upload
     * under it: the keys are listed by the prefix and each is checked to start with it before it is
     * deleted, in batches of {@value #PAGE}. Call once the load has stopped; may run again to finish.
     *
     * @throws SdkException when the site fails, IllegalStateException when it refuses every delete of
     *     a batch (what is left stays under the prefix; a later cleanup takes it)
     */
    public Cleanup cleanup() {
        return cleanup(prefix);
    }

    /**
     * Like {@link #cleanup()}, under another run prefix at this site: the copies replication made here
     * of another site's writes of the same run.
     */
    public Cleanup cleanup(RunPrefix under) {
        // the record cannot be built unsafe; checked again here because this is the one method that
        // deletes what it did not write in this call
        String p = new RunPrefix(under.value()).value();
        long aborted = abortUploads(p);
        long deleted = 0;
        while (true) {
            List<ObjectIdentifier> batch =
                    s3.listObjectsV2(b -> b.bucket(bucket).prefix(p).maxKeys(PAGE)).contents().stream()
                            .map(S3Object::key)
                            .filter(k -> k.startsWith(p))
                            .map(k -> ObjectIdentifier.builder().key(k).build())
                            .toList();
            if (batch.isEmpty()) {
                return new Cleanup(deleted, aborted);
            }
            // quiet: the response lists only the keys that failed
            DeleteObjectsResponse response = s3.deleteObjects(
                    b -> b.bucket(bucket).delete(d -> d.quiet(true).objects(batch)));
            if (response.errors().size() == batch.size()) {
                // listing again would find the same keys: stop rather than loop
                throw new IllegalStateException("cleanup of " + site.name() + ":" + p + " deleted none of "
                        + batch.size() + " objects: "
                        + response.errors().get(0).code() + " "
                        + response.errors().get(0).message());
            }
            deleted += batch.size() - response.errors().size();
        }
    }

    private long abortUploads(String p) {
        long aborted = 0;
        String keyMarker = null;
        String uploadMarker = null;
        while (true) {
            String km = keyMarker;
            String um = uploadMarker;
            ListMultipartUploadsResponse page = s3.listMultipartUploads(
                    b -> b.bucket(bucket).prefix(p).keyMarker(km).uploadIdMarker(um));
            for (MultipartUpload u : page.uploads()) {
                if (u.key().startsWith(p)) {
                    s3.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
                    aborted++;
                }
            }
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return aborted;
            }
            keyMarker = page.nextKeyMarker();
            uploadMarker = page.nextUploadIdMarker();
        }
    }

    private OpResult put(WorkloadChoices.Choice c) {
        long k = keys.forWrite(c.keyDraw());
        String key = key(k);
        try {
            String etag = s3.putObject(b -> b.bucket(bucket).key(key), ObjectBody.request(c.bodySeed(), c.size()))
                    .eTag();
            PutListener w = written;
            if (w != null) {
                w.written(key, etag, System.nanoTime());
            }
        } finally {
            keys.ended(k);
        }
        return OpResult.ok(Operation.PUT, c.size());
    }

    private OpResult get(WorkloadChoices.Choice c) throws IOException {
        String key = key(keys.forRead(c.keyDraw()));
        long start = System.nanoTime();
        try (ResponseInputStream<GetObjectResponse> in =
                s3.getObject(b -> b.bucket(bucket).key(key))) {
            try {
                // read into one small buffer and dropped: the bytes are counted, never held
                byte[] buffer = new byte[READ_BUFFER];
                int n = in.read(buffer);
                // at least 1: a first byte in the same nanosecond as the start is still measured
                long firstByte = Math.max(1, System.nanoTime() - start);
                long total = 0;
                while (n >= 0) {
                    total += n;
                    n = in.read(buffer);
                }
                return new OpResult(Operation.GET, total, firstByte, null);
            } catch (IOException | RuntimeException e) {
                // drop the connection rather than let close() drain the rest of a large body
                in.abort();
                throw e;
            }
        }
    }

    private OpResult head(WorkloadChoices.Choice c) {
        String key = key(keys.forRead(c.keyDraw()));
        s3.headObject(b -> b.bucket(bucket).key(key));
        return OpResult.ok(Operation.HEAD, 0);
    }

    private OpResult list() {
        s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix.value()).maxKeys(PAGE));
        return OpResult.ok(Operation.LIST, 0);
    }

    private OpResult delete(WorkloadChoices.Choice c) {
        String key = key(keys.forRead(c.keyDraw()));
        s3.deleteObject(b -> b.bucket(bucket).key(key));
        DeleteListener d = deletedListener;
        if (d != null) {
            d.deleted(key);
        }
        return OpResult.ok(Operation.DELETE, 0);
    }

    private OpResult multipartPut(WorkloadChoices.Choice c) {
        long k = keys.forWrite(c.keyDraw());
        try {
            multipartUpload(key(k), c.bodySeed(), c.size());
        } finally {
            keys.ended(k);
        }
        return OpResult.ok(Operation.MULTIPART_PUT, c.size());
    }

    private void multipartUpload(String key, long bodySeed, long size) {
        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long offset = 0;
            int number = 1;
            // at least one part, so that an empty object completes too
            do {
                long length = Math.min(partSize, size - offset);
                int n = number;
                String etag = s3.uploadPart(
                                b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(n),
                                ObjectBody.request(
                                        WorkloadChoices.random(bodySeed, n).nextLong(), length))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
                offset += length;
                number++;
            } while (offset < size);
            s3.completeMultipartUpload(
                    b -> b.bucket(bucket).key(key).uploadId(upload).multipartUpload(m -> m.parts(parts)));
            completed = true;
        } finally {
            if (!completed) {
                abort(key, upload);
            }
        }
    }

    private void abort(String key, String upload) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload));
        } catch (SdkException e) {
            // the operation's own failure is what it reports; an upload left here is under the run
            // prefix, and the cleanup aborts it
        }
    }

    @Override
    public String toString() {
        return "SiteOperations[" + site.name() + ":" + prefix + "]";
    }
}
