package io.syncmeter.bench.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Closed-loop PUTs of many small objects: {@code concurrency} threads, each taking the next key until
 * all are written, every body its own random bytes (seeded by the seed and the object's number, so a
 * run writes the same bytes each time).
 * Also lists what a prefix holds, to check a copy. Each call blocks until done; the client is the
 * caller's.
 */
public final class PutLoad {

    /** What a load did: objects written, wall time, and this process's CPU meanwhile. */
    public record Result(int objects, Duration wall, Duration cpu) {
        public double perSecond() {
            return objects / seconds(wall);
        }

        /** CPU-seconds per 1,000 objects. */
        public double cpuPerThousand() {
            return seconds(cpu) * 1000 / objects;
        }
    }

    private PutLoad() {}

    /** The key of object {@code i} under {@code prefix}: sorted like the numbers. */
    public static String key(String prefix, int i) {
        return String.format("%s%08d", prefix, i);
    }

    /** Writes objects {@code 0..count-1} of {@code size} bytes under {@code prefix}; fails on the first error. */
    public static Result put(S3Client s3, String bucket, String prefix, int count, int size, int concurrency, long seed)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "bench-put");
            t.setDaemon(true);
            return t;
        });
        Duration cpu0 = CpuTime.self();
        long t0 = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement();
                            i < count && failure.get() == null;
                            i = next.getAndIncrement()) {
                        String key = key(prefix, i);
                        // made as it is sent: held for all objects, large ones would not fit the heap
                        byte[] body = new byte[size];
                        new SplittableRandom(seed * 1_000_003L + i).nextBytes(body);
                        try {
                            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "PUT to " + bucket + "/" + prefix + " failed: "
                            + failure.get().getMessage(),
                    failure.get());
        }
        return new Result(
                count, Duration.ofNanos(System.nanoTime() - t0), CpuTime.self().minus(cpu0));
    }

    /** Every object under {@code prefix}: key to ETag. */
    public static Map<String, String> list(S3Client s3, String bucket, String prefix) {
        Map<String, String> out = new HashMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                        .bucket(bucket)
                        .prefix(prefix)
                        .build())
                .contents()) {
            out.put(o.key(), o.eTag());
        }
        return out;
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
