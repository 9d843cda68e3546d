package io.syncmeter.dashboards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files of {@code dashboards/} (tests run in the project's directory): the Grafana dashboards
 * ({@code *.json}) and the Prometheus rule files ({@code *.yaml}, {@code *.yml}), whose recorded series
 * a dashboard may use.
 */
final class DashboardFiles {

    static final Path DIR = Path.of("dashboards");

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final YAMLMapper YAML = new YAMLMapper();

    private DashboardFiles() {}

    /** Every dashboard, by file name. */
    static Map<String, JsonNode> dashboards() {
        Map<String, JsonNode> out = new TreeMap<>();
        for (Path p : list("*.json")) {
            try {
                out.put(p.getFileName().toString(), parse(Files.readString(p)));
            } catch (IOException e) {
                throw new UncheckedIOException(p + " is not valid JSON: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Parses a dashboard's text, refusing anything after the JSON value. */
    static JsonNode parse(String text) throws JsonProcessingException {
        return JSON.readTree(text);
    }

    /**
     * The {@code record:} names of the rule files in {@code dashboards/}, plain Prometheus rule files
     * ({@code groups:}) or PrometheusRule resources ({@code spec.groups}); none when there are none.
     */
    static Set<String> recordedNames() {
        Set<String> out = new TreeSet<>();
        for (Path p :
                Stream.concat(list("*.yaml").stream(), list("*.yml").stream()).toList()) {
            try {
                for (JsonNode doc : YAML.readValues(YAML.createParser(p.toFile()), JsonNode.class)
                        .readAll()) {
                    out.addAll(recordedNames(doc));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(p + " is not valid YAML: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The {@code record:} names of one rule file document. */
    static Set<String> recordedNames(JsonNode doc) {
        Set<String> out = new TreeSet<>();
        JsonNode groups = doc.has("spec") ? doc.path("spec").path("groups") : doc.path("groups");
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.path("record").isTextual()) {
                    out.add(rule.path("record").asText());
                }
            }
        }
        return out;
    }

    private static List<Path> list(String glob) {
        if (!Files.isDirectory(DIR)) {
            throw new IllegalStateException(
                    DIR.toAbsolutePath() + " is missing: run the tests in the project's directory");
        }
        try (var files = Files.newDirectoryStream(DIR, glob)) {
            List<Path> out = new java.util.ArrayList<>();
            files.forEach(out::add);
            out.sort(null);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
