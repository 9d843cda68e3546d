package io.syncmeter.rgw.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.syncmeter.rgw.lint.InvalidManifestException;
import io.syncmeter.rgw.lint.ResourceRef;
import io.syncmeter.rgw.lint.RookObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Rook multisite resources ({@code CephObjectRealm}, {@code CephObjectZoneGroup}, {@code
 * CephObjectZone}, {@code CephObjectStore}) from Kubernetes manifests: multi-document YAML, and
 * {@code kind: List} documents with {@code items}. Other kinds are skipped. Stateless and
 * thread-safe.
 */
public final class RookManifestReader {

    private static final YAMLFactory YAML_FACTORY = new YAMLFactory();
    private static final ObjectMapper YAML = new ObjectMapper(YAML_FACTORY);
    private static final Set<String> KINDS =
            Set.of("CephObjectRealm", "CephObjectZoneGroup", "CephObjectZone", "CephObjectStore");

    private RookManifestReader() {}

    /**
     * Reads the Rook resources of one YAML text.
     *
     * @param source names the text in messages and in {@link RookObject#source()} (a file name)
     * @throws InvalidManifestException naming the source and line when the YAML is malformed or a
     *     Rook resource has a field of the wrong type
     */
    public static List<RookObject> read(String source, String yaml) {
        List<RookObject> objects = new ArrayList<>();
        try (JsonParser parser = YAML_FACTORY.createParser(yaml)) {
            int document = 0;
            while (parser.nextToken() != null) {
                document++;
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode doc = YAML.readTree(parser);
                String where = source + ":" + line;
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (!doc.isObject()) {
                    throw new InvalidManifestException(
                            where + ": document " + document + " is not a mapping (a Kubernetes resource)");
                }
                if ("List".equals(doc.path("kind").asText())) {
                    JsonNode items = doc.path("items");
                    if (!items.isArray() && !items.isMissingNode() && !items.isNull()) {
                        throw new InvalidManifestException(where + ": items of a kind: List must be a list");
                    }
                    for (int i = 0; i < items.size(); i++) {
                        JsonNode item = items.get(i);
                        if (!item.isObject()) {
                            throw new InvalidManifestException(where + ": items[" + i + "] is not a mapping");
                        }
                        resource(item, where + " items[" + i + "]").ifPresent(objects::add);
                    }
                } else {
                    resource(doc, where).ifPresent(objects::add);
                }
            }
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException(
                    source + ": not valid YAML" + at(e.getLocation()) + ": " + problem(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new InvalidManifestException(source + ": cannot read: " + e.getMessage(), e);
        }
        return objects;
    }

    /** SnakeYAML's message without its source excerpts: "while parsing a flow node; expected ...". */
    private static String problem(String message) {
        List<String> parts = new ArrayList<>();
        boolean excerpt = false;
        for (String line : message.split("\\R")) {
            String l = line.strip();
            if (l.startsWith("in 'reader'")) {
                excerpt = true;
            } else if (excerpt) {
                excerpt = !l.equals("^") && !l.endsWith("^");
            } else if (!l.isEmpty()) {
                parts.add(l);
            }
        }
        return parts.isEmpty() ? message.strip() : String.join("; ", parts);
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static Optional<RookObject> resource(JsonNode doc, String where) {
        String kind = doc.path("kind").asText("");
        String apiVersion = doc.path("apiVersion").asText("");
        if (!KINDS.contains(kind) || !(apiVersion.isEmpty() || apiVersion.startsWith("ceph.rook.io/"))) {
            return Optional.empty();
        }
        JsonNode metadata = doc.path("metadata");
        String name = metadata.path("name").asText("");
        if (name.isBlank()) {
            throw new InvalidManifestException(where + ": " + kind + " without metadata.name");
        }
        ResourceRef ref = new ResourceRef(kind, metadata.path("namespace").asText(""), name);
        JsonNode spec = doc.path("spec");
        String at = where + ": " + ref + ": ";
        return Optional.of(
                switch (kind) {
                    case "CephObjectRealm" -> new RookObject.Realm(ref, where);
                    case "CephObjectZoneGroup" ->
                        new RookObject.ZoneGroup(ref, text(spec, "realm", at + "spec.realm"), where);
                    case "CephObjectZone" ->
                        new RookObject.Zone(
                                ref,
                                text(spec, "zoneGroup", at + "spec.zoneGroup"),
                                endpoints(spec.path("customEndpoints"), at + "spec.customEndpoints"),
                                where);
                    default -> store(ref, spec, where, at);
                });
    }

    private static RookObject.Store store(ResourceRef ref, JsonNode spec, String where, String at) {
        JsonNode gateway = spec.path("gateway");
        Integer instances = integer(gateway, "instances", at + "spec.gateway.instances");
        JsonNode disable = gateway.path("disableMultisiteSyncTraffic");
        if (!disable.isMissingNode() && !disable.isNull() && !disable.isBoolean()) {
            throw new InvalidManifestException(
                    at + "spec.gateway.disableMultisiteSyncTraffic must be true or false, was " + disable);
        }
        return new RookObject.Store(
                ref,
                text(spec.path("zone"), "name", at + "spec.zone.name"),
                instances == null ? 1 : instances,
                disable.asBoolean(false),
                integer(gateway, "port", at + "spec.gateway.port"),
                integer(gateway, "securePort", at + "spec.gateway.securePort"),
                where);
    }

    private static String text(JsonNode parent, String field, String path) {
        JsonNode n = parent.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidManifestException(path + " must be a string, was " + n);
        }
        return n.asText().isBlank() ? null : n.asText();
    }

    private static Integer integer(JsonNode parent, String field, String path) {
        JsonNode n = parent.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
            throw new InvalidManifestException(path + " must be a whole number, was " + n);
        }
        return n.asInt();
    }

    private static List<String> endpoints(JsonNode n, String path) {
        if (n.isMissingNode() || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new InvalidManifestException(path + " must be a list of endpoint URLs, was " + n);
        }
        List<String> endpoints = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new InvalidManifestException(path + " must be a list of endpoint URLs, has " + e);
            }
            endpoints.add(e.asText());
        }
        return List.copyOf(endpoints);
    }
}
