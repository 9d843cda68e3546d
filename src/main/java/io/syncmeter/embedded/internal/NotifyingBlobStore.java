package io.syncmeter.embedded.internal;

import java.util.List;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * A blob store that reports every completed write and delete, the way a backend with bucket
 * notifications does. The report is made after the operation succeeded, on the request thread.
 */
final class NotifyingBlobStore extends ForwardingBlobStore {

    private final ChangeNotifier notifier;

    NotifyingBlobStore(BlobStore delegate, ChangeNotifier notifier) {
        super(delegate);
        this.notifier = notifier;
    }

    @Override
    public String putBlob(String container, Blob blob) {
        String etag = super.putBlob(container, blob);
        notifier.created(container, blob.getMetadata().getName(), size(blob), etag, "Put");
        return etag;
    }

    @Override
    public String putBlob(String container, Blob blob, PutOptions options) {
        String etag = super.putBlob(container, blob, options);
        notifier.created(container, blob.getMetadata().getName(), size(blob), etag, "Put");
        return etag;
    }

    @Override
    public String copyBlob(String fromContainer, String fromName, String toContainer, String toName, CopyOptions o) {
        String etag = super.copyBlob(fromContainer, fromName, toContainer, toName, o);
        notifier.created(toContainer, toName, sizeOf(toContainer, toName), etag, "Copy");
        return etag;
    }

    @Override
    public String completeMultipartUpload(MultipartUpload mpu, List<MultipartPart> parts) {
        String etag = super.completeMultipartUpload(mpu, parts);
        notifier.created(
                mpu.containerName(),
                mpu.blobName(),
                sizeOf(mpu.containerName(), mpu.blobName()),
                etag,
                "CompleteMultipartUpload");
        return etag;
    }

    @Override
    public void removeBlob(String container, String name) {
        super.removeBlob(container, name);
        notifier.removed(container, name);
    }

    @Override
    public void removeBlobs(String container, Iterable<String> names) {
        super.removeBlobs(container, names);
        for (String name : names) {
            notifier.removed(container, name);
        }
    }

    private long sizeOf(String container, String name) {
        BlobMetadata metadata = delegate().blobMetadata(container, name);
        return metadata == null ? 0 : size(metadata);
    }

    private static long size(Blob blob) {
        return size(blob.getMetadata());
    }

    private static long size(BlobMetadata metadata) {
        Long length = metadata.getContentMetadata().getContentLength();
        return length == null ? (metadata.getSize() == null ? 0 : metadata.getSize()) : length;
    }
}
