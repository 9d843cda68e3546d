package io.syncmeter.rgw.lint;

/** Manifests that cannot be read: malformed YAML, or a Rook resource with a field of the wrong type. */
public class InvalidManifestException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The message names the source, and the line when known. */
    public InvalidManifestException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The message names the source, and the line when known. */
    public InvalidManifestException(String message) {
        super(message);
    }
}
