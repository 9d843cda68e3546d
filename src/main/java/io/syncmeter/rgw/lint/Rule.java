package io.syncmeter.rgw.lint;

import com.fasterxml.jackson.annotation.JsonValue;

/** The rules of the Rook topology lint; their ids are stable. Findings are ordered by rule in this order. */
public enum Rule {
    /** A zone where no gateway runs the multisite sync: nothing replicates. */
    ZONE_WITHOUT_SYNC_GATEWAY("zone-without-sync-gateway"),
    /** At most one gateway per zone runs the multisite sync. */
    ONE_SYNC_GATEWAY("one-sync-gateway"),
    /** In a zone with several stores, a scaled store serves clients and does not run the sync. */
    CLIENT_STORES_DISABLE_SYNC("client-stores-disable-sync"),
    /** The zone's endpoints are the sync-running gateways only, and set explicitly. */
    ZONE_ENDPOINTS_SYNC_ONLY("zone-endpoints-sync-only"),
    /** A zone endpoint the lint cannot relate to a store of the manifests. */
    ZONE_ENDPOINTS_KNOWN("zone-endpoints-known"),
    /** A store's zone is defined by a CephObjectZone. */
    STORE_ZONE_EXISTS("store-zone-exists"),
    /** A zone's zone group is defined by a CephObjectZoneGroup. */
    ZONE_ZONEGROUP_EXISTS("zone-zonegroup-exists"),
    /** A zone group's realm is defined by a CephObjectRealm. */
    ZONEGROUP_REALM_EXISTS("zonegroup-realm-exists"),
    /** Each resource is defined once. */
    UNIQUE_RESOURCES("unique-resources");

    private final String id;

    Rule(String id) {
        this.id = id;
    }

    /** The stable kebab-case id. */
    @JsonValue
    public String id() {
        return id;
    }
}
