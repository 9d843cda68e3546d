package io.syncmeter.lifecycle.internal;

import io.syncmeter.site.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link BucketObjects} of a site's bucket, through its shared (thread-safe) S3 client. */
public final class S3BucketObjects implements BucketObjects {

    private final Site site;

    public S3BucketObjects(Site site) {
        this.site = site;
    }

    @Override
    public List<String> childPrefixes(String prefix) {
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response page = site.s3()
                    .listObjectsV2(b -> b.bucket(site.bucket())
                            .prefix(prefix)
                            .delimiter("/")
                            .continuationToken(t));
            page.commonPrefixes().stream().map(CommonPrefix::prefix).forEach(out::add);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }

    @Override
    public Page keys(String prefix, String startAfter, int max) {
        ListObjectsV2Response page = site.s3()
                .listObjectsV2(b -> b.bucket(site.bucket())
                        .prefix(prefix)
                        .startAfter(startAfter)
                        .maxKeys(max));
        return new Page(page.contents().stream().map(S3Object::key).toList(), Boolean.TRUE.equals(page.isTruncated()));
    }

    @Override
    public Set<String> delete(List<String> keys) {
        List<ObjectIdentifier> objects = keys.stream()
                .map(k -> ObjectIdentifier.builder().key(k).build())
                .toList();
        // quiet: the response lists only the keys that failed
        return site
                .s3()
                .deleteObjects(
                        b -> b.bucket(site.bucket()).delete(d -> d.quiet(true).objects(objects)))
                .errors()
                .stream()
                .map(S3Error::key)
                .collect(Collectors.toSet());
    }

    @Override
    public String toString() {
        return site.name();
    }
}
