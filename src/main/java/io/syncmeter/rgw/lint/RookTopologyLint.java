package io.syncmeter.rgw.lint;

import io.syncmeter.rgw.internal.Endpoints;
import io.syncmeter.rgw.internal.RookManifestReader;
import io.syncmeter.rgw.lint.RookObject.Realm;
import io.syncmeter.rgw.lint.RookObject.Store;
import io.syncmeter.rgw.lint.RookObject.Zone;
import io.syncmeter.rgw.lint.RookObject.ZoneGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks a Rook RGW multisite topology (realms, zone groups, zones and object stores) for the
 * configurations that make replication slow or stop it: more than one gateway running the sync in
 * a zone, scaled client stores that run the sync, zone endpoints that reach gateways which do not
 * run the sync, a zone where no gateway runs it; and for references to resources that are not in
 * the manifests. See {@link Rule} for the rule ids. Pure logic, stateless and thread-safe.
 *
 * <p>Resources are matched by namespace and name: a store's {@code spec.zone.name} names a
 * CephObjectZone of the store's namespace. Manifests of several Kubernetes clusters can be linted
 * together when each datacenter has its own namespace.
 */
public final class RookTopologyLint {

    static final String CONTENTION = "Several gateways running the sync thread contend for the sync shards' leases,"
            + " and change notifications from the other zones land on gateways that do not hold them, so those"
            + " shards wait for their idle poll: measured on one machine, p99 replication lag was 0.7 s with one"
            + " sync gateway per zone, 7.9 s with two and 17.5 s with three.";
    static final String LOST_WAKEUPS = "Change notifications from the other zones sent there are lost and the sync"
            + " falls back to its slow idle poll (20 s): measured on one machine, p99 replication lag was 39 s when"
            + " notifications reached only a gateway not holding the sync leases, 5.2 s with a second gateway's"
            + " sync thread off but still listed as a zone endpoint, and 0.5 s once it was removed.";

    private static final Comparator<Finding> ORDER = Comparator.comparing(
                    (Finding f) -> f.resource().namespace())
            .thenComparing(f -> f.zone() == null ? 1 : 0)
            .thenComparing(f -> f.zone() == null ? "" : f.zone())
            .thenComparing(Finding::rule)
            .thenComparing(f -> f.resource().kind())
            .thenComparing(f -> f.resource().name())
            .thenComparing(Finding::reason);

    private RookTopologyLint() {}

    /**
     * Reads and lints one YAML text of manifests.
     *
     * @param source names the text in messages (a file name, {@code request body})
     * @throws InvalidManifestException when the YAML is malformed
     */
    public static LintReport lint(String source, String yaml) {
        return lint(RookManifestReader.read(source, yaml));
    }

    /** Lints these resources; the order of the findings does not depend on the order of the resources. */
    public static LintReport lint(List<RookObject> objects) {
        List<Finding> findings = new ArrayList<>();
        Map<String, RookObject> byKey = new LinkedHashMap<>();
        for (RookObject o : objects) {
            RookObject previous = byKey.put(key(o.ref()), o);
            if (previous != null) {
                findings.add(new Finding(
                        Severity.WARNING,
                        Rule.UNIQUE_RESOURCES,
                        o.ref(),
                        o instanceof Store s
                                ? s.zone()
                                : o instanceof Zone ? o.ref().name() : null,
                        o.ref() + " is defined twice (" + previous.source() + " and " + o.source()
                                + "); the lint uses the last definition.",
                        "Keep one definition. Lint each Kubernetes cluster's manifests separately, or give each"
                                + " datacenter its own namespace.",
                        o.source()));
            }
        }
        List<RookObject> unique = List.copyOf(byKey.values());
        Map<String, Realm> realms = index(unique, Realm.class);
        Map<String, ZoneGroup> zoneGroups = index(unique, ZoneGroup.class);
        Map<String, Zone> zones = index(unique, Zone.class);
        List<Store> allStores = unique.stream()
                .filter(Store.class::isInstance)
                .map(Store.class::cast)
                .toList();

        Map<String, List<Store>> storesByZone = new TreeMap<>();
        for (Store s : allStores) {
            if (s.zone() != null) {
                storesByZone
                        .computeIfAbsent(s.ref().namespace() + "/" + s.zone(), k -> new ArrayList<>())
                        .add(s);
            }
        }
        storesByZone
                .values()
                .forEach(list -> list.sort(Comparator.comparing(s -> s.ref().name())));

        for (Map.Entry<String, List<Store>> e : storesByZone.entrySet()) {
            List<Store> stores = e.getValue();
            String namespace = stores.get(0).ref().namespace();
            String zoneName = stores.get(0).zone();
            Zone zone = zones.get("CephObjectZone/" + e.getKey());
            if (zone == null) {
                for (Store s : stores) {
                    findings.add(new Finding(
                            Severity.WARNING,
                            Rule.STORE_ZONE_EXISTS,
                            s.ref(),
                            zoneName,
                            s.ref() + " names zone '" + zoneName + "' (spec.zone.name), but no CephObjectZone '"
                                    + zoneName + "' of namespace '" + namespace + "' is in these manifests.",
                            "Add the CephObjectZone '" + zoneName + "' in namespace '" + namespace
                                    + "' (or lint it together with the store); Rook cannot configure the store"
                                    + " until its zone exists.",
                            s.source()));
                }
            }
            zoneRules(findings, new ResourceRef("CephObjectZone", namespace, zoneName), zone, stores, allStores);
        }

        for (Zone z : zones.values()) {
            String group = z.zoneGroup();
            if (group == null
                    || !zoneGroups.containsKey("CephObjectZoneGroup/" + z.ref().namespace() + "/" + group)) {
                findings.add(new Finding(
                        Severity.WARNING,
                        Rule.ZONE_ZONEGROUP_EXISTS,
                        z.ref(),
                        z.ref().name(),
                        group == null
                                ? z.ref() + " does not set spec.zoneGroup."
                                : z.ref() + " names zone group '" + group + "' (spec.zoneGroup), but no"
                                        + " CephObjectZoneGroup '" + group + "' of namespace '"
                                        + z.ref().namespace()
                                        + "' is in these manifests.",
                        "Set spec.zoneGroup to a CephObjectZoneGroup of the same namespace and add that zone group"
                                + " to the manifests.",
                        z.source()));
            }
        }
        for (ZoneGroup g : zoneGroups.values()) {
            String realm = g.realm();
            if (realm == null
                    || !realms.containsKey("CephObjectRealm/" + g.ref().namespace() + "/" + realm)) {
                findings.add(new Finding(
                        Severity.WARNING,
                        Rule.ZONEGROUP_REALM_EXISTS,
                        g.ref(),
                        null,
                        realm == null
                                ? g.ref() + " does not set spec.realm."
                                : g.ref() + " names realm '" + realm + "' (spec.realm), but no CephObjectRealm '"
                                        + realm + "' of namespace '" + g.ref().namespace()
                                        + "' is in these manifests.",
                        "Set spec.realm to a CephObjectRealm of the same namespace and add that realm to the"
                                + " manifests.",
                        g.source()));
            }
        }
        findings.sort(ORDER);
        return LintReport.of(findings, unique.size());
    }

    private static void zoneRules(
            List<Finding> findings, ResourceRef zoneRef, Zone zone, List<Store> stores, List<Store> allStores) {
        String zoneName = zoneRef.name();
        String zoneSource = zone == null ? null : zone.source();
        List<Store> sync = stores.stream().filter(s -> !s.syncDisabled()).toList();
        List<Store> clients = stores.stream().filter(Store::syncDisabled).toList();
        int syncGateways = sync.stream().mapToInt(Store::instances).sum();
        List<String> endpoints = zone == null ? List.of() : zone.customEndpoints();
        Optional<Store> listedSync = sync.stream()
                .filter(s -> endpoints.stream().anyMatch(ep -> s.isServiceHost(Endpoints.host(ep))))
                .findFirst();
        // the store meant to run the sync: the sync store listed as the zone's endpoint, else a single-instance one
        Optional<Store> syncStore = listedSync.or(
                () -> sync.stream().filter(s -> s.instances() == 1).findFirst());

        if (sync.isEmpty()) {
            findings.add(new Finding(
                    Severity.ERROR,
                    Rule.ZONE_WITHOUT_SYNC_GATEWAY,
                    zoneRef,
                    zoneName,
                    "Every store of zone '" + zoneName + "' (" + names(stores)
                            + ") sets spec.gateway.disableMultisiteSyncTraffic: true, so no gateway of the zone runs"
                            + " the multisite sync and nothing written in the other zones is replicated into it.",
                    "Add a single-instance store (spec.gateway.instances: 1) without disableMultisiteSyncTraffic to"
                            + " zone '" + zoneName + "', and list its endpoint, only it, in the CephObjectZone's"
                            + " spec.customEndpoints.",
                    zoneSource));
        }

        if (syncGateways > 1) {
            String detail = sync.stream()
                    .map(s -> s.ref().name() + ": " + s.instances() + (s.instances() == 1 ? " instance" : " instances"))
                    .collect(Collectors.joining(", "));
            if (sync.size() == 1) {
                Store only = sync.get(0);
                findings.add(new Finding(
                        Severity.ERROR,
                        Rule.ONE_SYNC_GATEWAY,
                        only.ref(),
                        zoneName,
                        syncGateways + " gateways run the multisite sync in zone '" + zoneName + "' (" + detail + "). "
                                + CONTENTION,
                        "Set spec.gateway.instances: 1 on " + only.ref().name() + " so that its one gateway runs the"
                                + " sync and is the zone's endpoint, and scale client traffic in a second"
                                + " CephObjectStore of zone '" + zoneName + "' with spec.gateway.instances > 1 and"
                                + " spec.gateway.disableMultisiteSyncTraffic: true.",
                        only.source()));
            } else {
                String keep = syncStore.map(s -> s.ref().name()).orElse(null);
                String others = sync.stream()
                        .map(s -> s.ref().name())
                        .filter(n -> !n.equals(keep))
                        .collect(Collectors.joining(", "));
                findings.add(new Finding(
                        Severity.ERROR,
                        Rule.ONE_SYNC_GATEWAY,
                        zoneRef,
                        zoneName,
                        syncGateways + " gateways in " + sync.size() + " stores run the multisite sync in zone '"
                                + zoneName + "' (" + detail + "). " + CONTENTION,
                        keep == null
                                ? "Run the sync in one single-instance store (spec.gateway.instances: 1) that is the"
                                        + " zone's endpoint, and scale client traffic in a second store with"
                                        + " spec.gateway.disableMultisiteSyncTraffic: true."
                                : "Run the sync only in " + keep + " (single instance, the zone's endpoint) and set"
                                        + " spec.gateway.disableMultisiteSyncTraffic: true on " + others
                                        + " so that they serve clients only.",
                        zoneSource));
            }
        }

        if (stores.size() > 1 && sync.size() > 1) {
            for (Store s : sync) {
                if (s.instances() <= 1) {
                    continue;
                }
                String fix;
                if (listedSync.isPresent() && listedSync.get().equals(s)) {
                    fix = s.ref().name() + " is the zone's endpoint, so make it the sync store: set"
                            + " spec.gateway.instances: 1, and serve clients from a store with"
                            + " spec.gateway.disableMultisiteSyncTraffic: true.";
                } else if (syncStore.isPresent() && !syncStore.get().equals(s)) {
                    fix = "Set spec.gateway.disableMultisiteSyncTraffic: true on "
                            + s.ref().name()
                            + " so that its gateways serve clients only; the sync then runs in "
                            + syncStore.get().ref().name() + ".";
                } else {
                    fix = "Set spec.gateway.disableMultisiteSyncTraffic: true on "
                            + s.ref().name()
                            + " so that its gateways serve clients only, and keep the sync in one single-instance"
                            + " store (spec.gateway.instances: 1) that is the zone's endpoint.";
                }
                findings.add(new Finding(
                        Severity.ERROR,
                        Rule.CLIENT_STORES_DISABLE_SYNC,
                        s.ref(),
                        zoneName,
                        s.ref() + " serves clients with " + s.instances() + " gateways in zone '" + zoneName
                                + "', which has several stores, and does not set"
                                + " spec.gateway.disableMultisiteSyncTraffic: true, so each of its gateways also"
                                + " runs the multisite sync (Rook sets rgw_run_sync_thread to false only when it is true). "
                                + CONTENTION,
                        fix,
                        s.source()));
            }
        }

        if (zone == null) {
            return;
        }
        String syncEndpoint = syncStore
                .map(s -> listedSync.isPresent()
                        ? endpoints.stream()
                                .filter(ep -> s.isServiceHost(Endpoints.host(ep)))
                                .findFirst()
                                .orElseThrow()
                        : s.serviceEndpoint())
                .orElse(null);
        if (endpoints.isEmpty()) {
            if (!clients.isEmpty()) {
                findings.add(new Finding(
                        Severity.WARNING,
                        Rule.ZONE_ENDPOINTS_SYNC_ONLY,
                        zoneRef,
                        zoneName,
                        zoneRef + " does not set spec.customEndpoints and its zone has stores that do not run the"
                                + " sync (" + names(clients) + "). Rook then sets the zone endpoints itself from the"
                                + " ClusterIP services of the zone's stores (rook-ceph-rgw-STORE.NAMESPACE.svc),"
                                + " leaving out, in current versions, the stores with disableMultisiteSyncTraffic:"
                                + " the endpoints are not in the manifests, cannot be checked here, and a service"
                                + " name resolves only inside this Kubernetes cluster, not in the other zones'. "
                                + LOST_WAKEUPS.replace("sent there", "sent to a gateway that does not run the sync"),
                        syncEndpoint == null
                                ? "Set spec.customEndpoints to the endpoint of the zone's single sync-running gateway"
                                        + " only."
                                : "Set spec.customEndpoints to the sync store's endpoint only: " + syncEndpoint
                                        + " (or an ingress or load balancer address that reaches only "
                                        + syncStore.get().ref().name() + "'s gateway).",
                        zone.source()));
            }
            return;
        }
        for (String endpoint : endpoints) {
            String host = Endpoints.host(endpoint);
            List<Store> matched =
                    allStores.stream().filter(s -> s.isServiceHost(host)).toList();
            Optional<Store> client = matched.stream()
                    .filter(s -> stores.contains(s) && s.syncDisabled())
                    .findFirst();
            if (client.isPresent()) {
                findings.add(new Finding(
                        Severity.ERROR,
                        Rule.ZONE_ENDPOINTS_SYNC_ONLY,
                        zoneRef,
                        zoneName,
                        zoneRef + " lists endpoint " + endpoint + " (spec.customEndpoints), the service of "
                                + client.get().ref() + ", whose gateways do not run the sync"
                                + " (disableMultisiteSyncTraffic: true). " + LOST_WAKEUPS,
                        syncEndpoint == null
                                ? "List only endpoints of the zone's sync-running gateway in spec.customEndpoints."
                                : "List only the sync store's endpoint in spec.customEndpoints: " + syncEndpoint + ".",
                        zone.source()));
            } else if (matched.isEmpty()) {
                findings.add(new Finding(
                        Severity.WARNING,
                        Rule.ZONE_ENDPOINTS_KNOWN,
                        zoneRef,
                        zoneName,
                        "Endpoint " + endpoint + " of " + zoneRef + " is not the service of any CephObjectStore in"
                                + " these manifests (an ingress or a load balancer?), so the lint cannot tell"
                                + " whether it reaches only gateways that run the sync.",
                        "Make sure " + endpoint + " reaches only the sync store's gateway"
                                + syncStore
                                        .map(s -> " (" + s.ref().name() + ")")
                                        .orElse("")
                                + ", never the client gateways.",
                        zone.source()));
            }
        }
    }

    private static String names(List<Store> stores) {
        return stores.stream().map(s -> s.ref().name()).collect(Collectors.joining(", "));
    }

    private static String key(ResourceRef ref) {
        return ref.kind() + "/" + ref.namespace() + "/" + ref.name();
    }

    private static <T extends RookObject> Map<String, T> index(List<RookObject> objects, Class<T> type) {
        Map<String, T> map = new TreeMap<>();
        for (RookObject o : objects) {
            if (type.isInstance(o)) {
                map.put(key(o.ref()), type.cast(o));
            }
        }
        return map;
    }
}
