package io.syncmeter.bench.internal;

import java.io.InputStream;
import java.util.SplittableRandom;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The bytes of a benchmark object: {@code size} pseudo-random bytes from a seed, made as they are read,
 * so that an object of any size costs one small buffer and the same seed always gives the same bytes.
 * Not thread-safe (an {@link InputStream}); {@link #request} makes a new one each time the SDK asks.
 */
final class ObjectBody extends InputStream {

    private static final int BLOCK = 8192;

    private final SplittableRandom random;
    private final byte[] block = new byte[BLOCK];
    private long remaining;
    private int position = BLOCK;

    ObjectBody(long seed, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size below 0: " + size);
        }
        this.random = new SplittableRandom(seed);
        this.remaining = size;
    }

    /**
     * A request body of these bytes, streamed: the SDK may read it more than once (to sign it, to
     * retry), and each read makes the bytes again rather than holding them.
     */
    static RequestBody request(long seed, long size) {
        return RequestBody.fromContentProvider(() -> new ObjectBody(seed, size), size, "application/octet-stream");
    }

    @Override
    public int read() {
        if (remaining == 0) {
            return -1;
        }
        refill();
        remaining--;
        return block[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        refill();
        int n = (int) Math.min(Math.min(len, BLOCK - position), remaining);
        System.arraycopy(block, position, b, off, n);
        position += n;
        remaining -= n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }

    private void refill() {
        if (position == BLOCK) {
            random.nextBytes(block);
            position = 0;
        }
    }
}
