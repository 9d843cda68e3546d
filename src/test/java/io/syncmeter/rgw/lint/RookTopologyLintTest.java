package io.syncmeter.rgw.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RookTopologyLintTest {

    private static final String NS = "rook-ceph";

    private static String realm() {
        return """
                apiVersion: ceph.rook.io/v1
                kind: CephObjectRealm
                metadata: {name: realm-a, namespace: rook-ceph}
                """;
    }

    private static String zoneGroup() {
        return """
                apiVersion: ceph.rook.io/v1
                kind: CephObjectZoneGroup
                metadata: {name: zg-a, namespace: rook-ceph}
                spec: {realm: realm-a}
                """;
    }

    private static String zone(String name, String... endpoints) {
        String list = endpoints.length == 0 ? "" : "  customEndpoints: [" + String.join(", ", endpoints) + "]\n";
        return """
                apiVersion: ceph.rook.io/v1
                kind: CephObjectZone
                metadata: {name: %s, namespace: rook-ceph}
                spec:
                  zoneGroup: zg-a
                %s""".formatted(name, list);
    }

    private static String store(String name, String zone, Integer instances, Boolean disableSync) {
        StringBuilder gateway = new StringBuilder("    port: 80\n");
        if (instances != null) {
            gateway.append("    instances: ").append(instances).append('\n');
        }
        if (disableSync != null) {
            gateway.append("    disableMultisiteSyncTraffic: ")
                    .append(disableSync)
                    .append('\n');
        }
        return """
                apiVersion: ceph.rook.io/v1
                kind: CephObjectStore
                metadata: {name: %s, namespace: rook-ceph}
                spec:
                  gateway:
                %s  zone: {name: %s}
                """.formatted(name, gateway, zone);
    }

    private static final String SYNC_EP = "http://rook-ceph-rgw-sync.rook-ceph.svc:80";
    private static final String CLIENTS_EP = "http://rook-ceph-rgw-clients.rook-ceph.svc:80";

    private static LintReport lint(String... documents) {
        return RookTopologyLint.lint("test.yaml", String.join("---\n", documents));
    }

    private static List<String> rules(LintReport report) {
        return report.findings().stream()
                .map(f -> f.severity().label() + " " + f.rule().id() + " " + f.resource())
                .toList();
    }

    private static String good(Integer syncInstances, Boolean clientDisable) {
        return String.join(
                "---\n",
                realm(),
                zoneGroup(),
                zone("zone-a", SYNC_EP),
                store("sync", "zone-a", syncInstances, null),
                store("clients", "zone-a", 3, clientDisable));
    }

    @Test
    void shouldPassRooksScalingAdviceWithoutAnyFinding() {
        LintReport report = RookTopologyLint.lint("test.yaml", good(1, true));

        assertThat(report.findings()).isEmpty();
        assertThat(report.passes()).isTrue();
        assertThat(report.resources()).isEqualTo(5);
    }

    @Test
    void shouldPassASingleStoreWithTheDefaultOneInstance() {
        LintReport report = lint(realm(), zoneGroup(), zone("zone-a", SYNC_EP), store("sync", "zone-a", null, null));

        assertThat(report.findings()).isEmpty();
    }

    @Test
    void shouldFlagOneSyncGatewayOnAScaledSingleStoreWithTheMeasuredLag() {
        LintReport report = lint(realm(), zoneGroup(), zone("zone-a", SYNC_EP), store("sync", "zone-a", 2, false));

        assertThat(rules(report)).containsExactly("error one-sync-gateway CephObjectStore rook-ceph/sync");
        Finding f = report.findings().get(0);
        assertThat(f.zone()).isEqualTo("zone-a");
        assertThat(f.reason()).contains("2 gateways").contains("7.9 s").contains("17.5 s");
        assertThat(f.fix()).contains("instances: 1").contains("disableMultisiteSyncTraffic: true");
        assertThat(f.source()).isEqualTo("test.yaml:17");
        assertThat(report.errors()).isEqualTo(1);
        assertThat(report.passes()).isFalse();
    }

    @Test
    void shouldFlagOneSyncGatewayOnTheZoneWhenTwoSingleInstanceStoresRunTheSync() {
        LintReport report = lint(
                realm(),
                zoneGroup(),
                zone("zone-a", SYNC_EP),
                store("sync", "zone-a", 1, null),
                store("other", "zone-a", 1, false));

        assertThat(rules(report)).containsExactly("error one-sync-gateway CephObjectZone rook-ceph/zone-a");
        assertThat(report.findings().get(0).fix())
                .contains("only in sync")
                .contains("disableMultisiteSyncTraffic: true on other");
    }

    @Test
    void shouldFlagAScaledClientStoreThatRunsTheSyncAndPointAtIt() {
        LintReport report = RookTopologyLint.lint("test.yaml", good(1, null));

        assertThat(rules(report))
                .containsExactly(
                        "error one-sync-gateway CephObjectZone rook-ceph/zone-a",
                        "error client-stores-disable-sync CephObjectStore rook-ceph/clients");
        Finding f = report.findings().get(1);
        assertThat(f.reason()).contains("3 gateways");
        assertThat(f.fix())
                .startsWith("Set spec.gateway.disableMultisiteSyncTraffic: true on clients")
                .contains("the sync then runs in sync");
    }

    @Test
    void shouldTellAScaledStoreThatIsTheZonesEndpointToScaleDownRatherThanDisableTheSync() {
        LintReport report = RookTopologyLint.lint("test.yaml", good(2, null));

        assertThat(rules(report))
                .containsExactly(
                        "error one-sync-gateway CephObjectZone rook-ceph/zone-a",
                        "error client-stores-disable-sync CephObjectStore rook-ceph/clients",
                        "error client-stores-disable-sync CephObjectStore rook-ceph/sync");
        assertThat(report.findings().get(2).fix()).contains("zone's endpoint").contains("instances: 1");
    }

    @Test
    void shouldNotAskASingleStoreZoneToDisableTheSync() {
        LintReport report = lint(realm(), zoneGroup(), zone("zone-a", SYNC_EP), store("sync", "zone-a", 3, null));

        assertThat(rules(report)).doesNotContain("error client-stores-disable-sync CephObjectStore rook-ceph/sync");
    }

    @Test
    void shouldFlagZoneEndpointsThatListAStoreWithoutTheSync() {
        LintReport report = lint(
                realm(),
                zoneGroup(),
                zone("zone-a", SYNC_EP, CLIENTS_EP),
                store("sync", "zone-a", 1, null),
                store("clients", "zone-a", 3, true));

        assertThat(rules(report)).containsExactly("error zone-endpoints-sync-only CephObjectZone rook-ceph/zone-a");
        Finding f = report.findings().get(0);
        assertThat(f.reason())
                .contains(CLIENTS_EP)
                .contains("39 s")
                .contains("5.2 s")
                .contains("20 s");
        assertThat(f.fix()).isEqualTo("List only the sync store's endpoint in spec.customEndpoints: " + SYNC_EP + ".");
    }

    @Test
    void shouldMatchEndpointsByHostWhateverTheSchemePortAndDnsSuffix() {
        LintReport report = lint(
                realm(),
                zoneGroup(),
                zone("zone-a", SYNC_EP, "https://ROOK-CEPH-RGW-CLIENTS.rook-ceph.svc.cluster.local:443"),
                store("sync", "zone-a", 1, null),
                store("clients", "zone-a", 3, true));

        assertThat(rules(report)).containsExactly("error zone-endpoints-sync-only CephObjectZone rook-ceph/zone-a");
    }

    @Test
    void shouldNotTakeAStoreWhoseNameExtendsAnothersForIt() {
        LintReport report = lint(
                realm(),
                zoneGroup(),
                zone("zone-a", "http://rook-ceph-rgw-sync-2.rook-ceph.svc:80"),
                store("sync", "zone-a", 1, null),
                store("clients", "zone-a", 3, true));

        assertThat(rules(report)).containsExactly("warning zone-endpoints-known CephObjectZone rook-ceph/zone-a");
    }

    @Test
    void shouldWarnWhenZoneEndpointsAreLeftToRookWhileAStoreDisablesTheSync() {
        LintReport report = lint(
                realm(),
                zoneGroup(),
                zone("zone-a"),
                store("sync", "zone-a", 1, null),
                store("clients", "zone-a", 3, true));

        assertThat(rules(report)).containsExactly("warning zone-endpoints-sync-only CephObjectZone rook-ceph/zone-a");
        Finding f = report.findings().get(0);
        assertThat(f.reason()).contains("does not set spec.customEndpoints").contains("rook-ceph-rgw-STORE");
        assertThat(f.fix()).contains(SYNC_EP);
        assertThat(report.passes()).isTrue();
    }

    @Test
    void shouldNotWarnAboutDerivedEndpointsWhenEveryStoreRunsTheSync() {
        LintReport report = lint(realm(), zoneGroup(), zone("zone-a"), store("sync", "zone-a", 1, null));

        assertThat(report.findings()).isEmpty();
    }

    @Test
    void shouldFlagAZoneWhereNoGatewayRunsTheSync() {
        LintReport report = lint(realm(), zoneGroup(), zone("zone-a"), store("clients", "zone-a", 3, true));

        assertThat(rules(report))
                .containsExactly(
                        "error zone-without-sync-gateway CephObjectZone rook-ceph/zone-a",
                        "warning zone-endpoints-sync-only CephObjectZone rook-ceph/zone-a");
    }

    @Test
    void shouldWarnAboutMissingZoneZoneGroupAndRealm() {
        LintReport report = lint(
                zone("zone-b").replace("zoneGroup: zg-a", "zoneGroup: zg-b"), """
                apiVersion: ceph.rook.io/v1
                kind: CephObjectZoneGroup
                metadata: {name: zg-a, namespace: rook-ceph}
                spec: {realm: nowhere}
                """, store("lonely", "zone-x", 1, null));

        assertThat(rules(report))
                .containsExactly(
                        "warning zone-zonegroup-exists CephObjectZone rook-ceph/zone-b",
                        "warning store-zone-exists CephObjectStore rook-ceph/lonely",
                        "warning zonegroup-realm-exists CephObjectZoneGroup rook-ceph/zg-a");
        assertThat(report.passes()).isTrue();
    }

    @Test
    void shouldNotCheckStoresOutsideMultisite() {
        LintReport report = lint("""
                apiVersion: ceph.rook.io/v1
                kind: CephObjectStore
                metadata: {name: plain, namespace: rook-ceph}
                spec:
                  gateway: {port: 80, instances: 4}
                """);

        assertThat(report.findings()).isEmpty();
        assertThat(report.resources()).isEqualTo(1);
    }

    @Test
    void shouldKeepZonesOfDifferentNamespacesApart() {
        String dc2 = store("sync", "zone-a", 1, null).replace("namespace: rook-ceph", "namespace: dc2");
        LintReport report = lint(realm(), zoneGroup(), zone("zone-a", SYNC_EP), store("sync", "zone-a", 1, null), dc2);

        assertThat(rules(report)).containsExactly("warning store-zone-exists CephObjectStore dc2/sync");
    }

    @Test
    void shouldWarnAboutAResourceDefinedTwice() {
        LintReport report =
                lint(realm(), realm(), zoneGroup(), zone("zone-a", SYNC_EP), store("sync", "zone-a", 1, null));

        assertThat(rules(report)).containsExactly("warning unique-resources CephObjectRealm rook-ceph/realm-a");
        assertThat(report.findings().get(0).reason()).contains("test.yaml:1").contains("test.yaml:5");
    }

    @Test
    void shouldOrderFindingsTheSameWhateverTheOrderOfTheManifests() {
        List<String> documents = new ArrayList<>(List.of(
                zone("zone-a", SYNC_EP, CLIENTS_EP),
                store("sync", "zone-a", 2, null),
                store("clients", "zone-a", 3, true),
                zone("zone-b", "http://elsewhere:80"),
                store("b-sync", "zone-b", 1, null),
                store("b-clients", "zone-b", 2, null),
                store("c", "zone-c", 1, true)));
        List<Finding> first = stripSources(RookTopologyLint.lint("test.yaml", String.join("---\n", documents)));
        assertThat(first).hasSizeGreaterThan(5);
        Random random = new Random(42);
        for (int i = 0; i < 10; i++) {
            Collections.shuffle(documents, random);
            assertThat(stripSources(RookTopologyLint.lint("test.yaml", String.join("---\n", documents))))
                    .isEqualTo(first);
        }
        assertThat(first)
                .extracting(f -> f.rule().id() + " " + f.zone())
                .containsExactly(
                        "one-sync-gateway zone-a",
                        "zone-endpoints-sync-only zone-a",
                        "zone-zonegroup-exists zone-a",
                        "one-sync-gateway zone-b",
                        "client-stores-disable-sync zone-b",
                        "zone-endpoints-known zone-b",
                        "zone-zonegroup-exists zone-b",
                        "zone-without-sync-gateway zone-c",
                        "store-zone-exists zone-c");
    }

    private static List<Finding> stripSources(LintReport report) {
        return report.findings().stream()
                .map(f -> new Finding(f.severity(), f.rule(), f.resource(), f.zone(), f.reason(), f.fix(), null))
                .toList();
    }
}
