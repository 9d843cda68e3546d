package io.syncmeter.rgw.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncmeter.rgw.lint.InvalidManifestException;
import io.syncmeter.rgw.lint.ResourceRef;
import io.syncmeter.rgw.lint.RookObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class RookManifestReaderTest {

    @Test
    void shouldReadTheFourKindsFromMultipleDocumentsAndSkipOthers() {
        List<RookObject> objects = RookManifestReader.read("m.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata: {name: rook-ceph}
                ---
                apiVersion: ceph.rook.io/v1
                kind: CephObjectRealm
                metadata: {name: r, namespace: rook-ceph}
                ---
                ---
                apiVersion: ceph.rook.io/v1
                kind: CephObjectZoneGroup
                metadata: {name: g, namespace: rook-ceph}
                spec: {realm: r}
                ---
                apiVersion: ceph.rook.io/v1
                kind: CephObjectZone
                metadata: {name: z, namespace: rook-ceph}
                spec:
                  zoneGroup: g
                  customEndpoints: ["http://rook-ceph-rgw-s.rook-ceph.svc:8080"]
                ---
                apiVersion: ceph.rook.io/v1
                kind: CephObjectStore
                metadata: {name: s, namespace: rook-ceph}
                spec:
                  gateway: {port: 8080, instances: 3, disableMultisiteSyncTraffic: true}
                  zone: {name: z}
                ---
                apiVersion: other.example/v1
                kind: CephObjectStore
                metadata: {name: not-rook}
                """);

        assertThat(objects)
                .containsExactly(
                        new RookObject.Realm(new ResourceRef("CephObjectRealm", "rook-ceph", "r"), "m.yaml:5"),
                        new RookObject.ZoneGroup(
                                new ResourceRef("CephObjectZoneGroup", "rook-ceph", "g"), "r", "m.yaml:10"),
                        new RookObject.Zone(
                                new ResourceRef("CephObjectZone", "rook-ceph", "z"),
                                "g",
                                List.of("http://rook-ceph-rgw-s.rook-ceph.svc:8080"),
                                "m.yaml:15"),
                        new RookObject.Store(
                                new ResourceRef("CephObjectStore", "rook-ceph", "s"),
                                "z",
                                3,
                                true,
                                8080,
                                null,
                                "m.yaml:22"));
        RookObject.Store store = (RookObject.Store) objects.get(3);
        assertThat(store.serviceEndpoint()).isEqualTo("http://rook-ceph-rgw-s.rook-ceph.svc:8080");
    }

    @Test
    void shouldReadTheItemsOfAKubernetesList() {
        List<RookObject> objects = RookManifestReader.read("list.yaml", """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: ceph.rook.io/v1
                  kind: CephObjectStore
                  metadata: {name: a}
                  spec: {zone: {name: z}}
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: c}
                """);

        assertThat(objects)
                .containsExactly(new RookObject.Store(
                        new ResourceRef("CephObjectStore", "", "a"),
                        "z",
                        1,
                        false,
                        null,
                        null,
                        "list.yaml:1 items[0]"));
    }

    @Test
    void shouldNameTheSourceAndLineOfMalformedYaml() {
        assertThatThrownBy(() -> RookManifestReader.read("bad.yaml", """
                        apiVersion: ceph.rook.io/v1
                        kind: CephObjectStore
                        metadata: {name: s
                        spec: {}
                        """))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageStartingWith("bad.yaml: not valid YAML at line ");
    }

    @Test
    void shouldRejectAFieldOfTheWrongTypeNamingItsPath() {
        assertThatThrownBy(() -> RookManifestReader.read("t.yaml", """
                        apiVersion: ceph.rook.io/v1
                        kind: CephObjectStore
                        metadata: {name: s, namespace: ns}
                        spec:
                          gateway: {instances: two}
                        """))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessage(
                        "t.yaml:1: CephObjectStore ns/s: spec.gateway.instances must be a whole number, was \"two\"");
        assertThatThrownBy(() -> RookManifestReader.read("t.yaml", """
                        apiVersion: ceph.rook.io/v1
                        kind: CephObjectStore
                        metadata: {name: s, namespace: ns}
                        spec:
                          gateway: {disableMultisiteSyncTraffic: "yes"}
                        """))
                .hasMessageContaining("spec.gateway.disableMultisiteSyncTraffic must be true or false");
    }

    @Test
    void shouldRejectADocumentThatIsNotAMapping() {
        assertThatThrownBy(() -> RookManifestReader.read("s.yaml", "just a string\n"))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("s.yaml:1")
                .hasMessageContaining("not a mapping");
    }

    @Test
    void shouldReadNothingFromAnEmptyText() {
        assertThat(RookManifestReader.read("e.yaml", "")).isEmpty();
        assertThat(RookManifestReader.read("e.yaml", "# only a comment\n---\n")).isEmpty();
    }

    @Test
    void shouldTakeTheHostOfEveryEndpointForm() {
        assertThat(Endpoints.host("http://Rgw.Example:80/x")).isEqualTo("rgw.example");
        assertThat(Endpoints.host("rgw.example:8080")).isEqualTo("rgw.example");
        assertThat(Endpoints.host("rgw.example")).isEqualTo("rgw.example");
        assertThat(Endpoints.host("https://[::1]:443")).isEqualTo("::1");
    }
}
