package io.syncmeter.testing;

import io.syncmeter.probe.ProbeKeys;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What a test sees of probe objects in a bucket, behind syncmeter's back. */
public final class ProbeObjects {

    private ProbeObjects() {}

    /** Probe objects whose key prefix is exactly {@code keyPrefix}, counted by listing. */
    public static long count(S3Client s3, String bucket, String keyPrefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix + "/")).contents().stream()
                .map(S3Object::key)
                .filter(k -> ProbeKeys.parse(k)
                        .filter(p -> p.keyPrefix().equals(keyPrefix))
                        .isPresent())
                .count();
    }

    /** Whether the object exists (a HEAD finds it). */
    public static boolean exists(S3Client s3, String bucket, String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }
}
