package io.syncmeter.rgw.lint;

import java.util.List;

/**
 * The fields of the Rook multisite resources the topology lint reads; everything else in a
 * manifest is ignored. {@code source} names where the resource was read ({@code file:line}).
 */
public sealed interface RookObject {

    /** The resource. */
    ResourceRef ref();

    /** Where the resource was read, {@code file:line}. */
    String source();

    /** A {@code CephObjectRealm}. */
    record Realm(ResourceRef ref, String source) implements RookObject {}

    /** A {@code CephObjectZoneGroup}; {@code realm} is {@code spec.realm}, null when absent. */
    record ZoneGroup(ResourceRef ref, String realm, String source) implements RookObject {}

    /**
     * A {@code CephObjectZone}.
     *
     * @param zoneGroup {@code spec.zoneGroup}, null when absent
     * @param customEndpoints {@code spec.customEndpoints}, empty when absent
     */
    record Zone(ResourceRef ref, String zoneGroup, List<String> customEndpoints, String source) implements RookObject {}

    /**
     * A {@code CephObjectStore}.
     *
     * @param zone {@code spec.zone.name}, null when the store is not in a multisite zone
     * @param instances {@code spec.gateway.instances} (1 when absent)
     * @param syncDisabled {@code spec.gateway.disableMultisiteSyncTraffic}
     * @param port {@code spec.gateway.port}, null when absent
     * @param securePort {@code spec.gateway.securePort}, null when absent
     */
    record Store(
            ResourceRef ref,
            String zone,
            int instances,
            boolean syncDisabled,
            Integer port,
            Integer securePort,
            String source)
            implements RookObject {

        /** The host name of the ClusterIP service Rook creates for the store. */
        public String serviceHost() {
            String service = "rook-ceph-rgw-" + ref.name();
            return ref.namespace().isEmpty() ? service : service + "." + ref.namespace() + ".svc";
        }

        /** The URL of that service, with the gateway's port ({@code http} unless only a secure port is set). */
        public String serviceEndpoint() {
            if (port == null && securePort != null) {
                return "https://" + serviceHost() + ":" + securePort;
            }
            return "http://" + serviceHost() + (port == null ? "" : ":" + port);
        }

        /**
         * Whether {@code host} names this store's service: {@code rook-ceph-rgw-NAME}, optionally
         * followed by {@code .NAMESPACE} and a DNS suffix ({@code .svc}, {@code .svc.cluster.local}).
         */
        public boolean isServiceHost(String host) {
            String service = "rook-ceph-rgw-" + ref.name();
            if (host.equals(service)) {
                return true;
            }
            if (ref.namespace().isEmpty()) {
                return host.startsWith(service + ".");
            }
            String qualified = service + "." + ref.namespace();
            return host.equals(qualified) || host.startsWith(qualified + ".");
        }
    }
}
