package io.syncmeter.embedded.internal;

/** Receives the changes an in-process site makes. Implementations are called from request threads. */
interface ChangeNotifier {

    /** An object was written; {@code how} completes the S3 event name {@code ObjectCreated:<how>}. */
    void created(String bucket, String key, long size, String etag, String how);

    /** An object was deleted. */
    void removed(String bucket, String key);
}
