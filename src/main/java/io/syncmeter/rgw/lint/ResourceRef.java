package io.syncmeter.rgw.lint;

/**
 * A Kubernetes resource by kind, namespace and name.
 *
 * @param kind the resource kind, e.g. {@code CephObjectStore}
 * @param namespace its namespace; empty when the manifest does not set one
 * @param name its name
 */
public record ResourceRef(String kind, String namespace, String name) {

    /** {@code Kind namespace/name}, or {@code Kind name} without a namespace. */
    @Override
    public String toString() {
        return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
    }
}
