package io.syncmeter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.syncmeter.testing.DebianPackages;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes deployment of {@code k8s/syncmeter}, rendered per datacenter with {@code kubectl
 * kustomize} (offline): the objects are there, and their references hold — selectors, ports,
 * ConfigMap and Secret names, the environment the configuration names, probes, a non-root pod —
 * and the PrometheusRule and the dashboard ConfigMaps hold exactly the committed rule file and
 * dashboards.
 */
class KustomizeIT {

    private static final YAMLMapper YAML = new YAMLMapper();
    static final String SECRET = "syncmeter-s3-credentials";

    @TempDir
    Path dir;

    @BeforeAll
    static void installKubectl() {
        DebianPackages.ensure(Map.of("kubectl", "kubernetes-client"));
    }

    private List<JsonNode> render(String overlay) throws IOException, InterruptedException {
        Path out = dir.resolve(overlay + ".yaml");
        Process p = new ProcessBuilder("kubectl", "kustomize", "k8s/syncmeter/overlays/" + overlay)
                .redirectOutput(out.toFile())
                .redirectError(dir.resolve(overlay + ".err").toFile())
                .start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue())
                .as(Files.readString(dir.resolve(overlay + ".err")))
                .isZero();
        List<JsonNode> docs = new ArrayList<>();
        for (JsonNode d :
                YAML.readValues(YAML.createParser(out.toFile()), JsonNode.class).readAll()) {
            if (!d.isEmpty()) {
                docs.add(d);
            }
        }
        return docs;
    }

    private static List<JsonNode> kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> out = new HashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dc1", "dc2"})
    void shouldRenderAConsistentDeploymentPerDatacenter(String dc) throws Exception {
        List<JsonNode> docs = render(dc);
        assertThat(docs).allSatisfy(d -> {
            assertThat(d.path("metadata").path("namespace").asText()).isEqualTo("syncmeter");
            assertThat(d.path("metadata")
                            .path("labels")
                            .path("syncmeter.io/datacenter")
                            .asText())
                    .isEqualTo(dc);
        });
        JsonNode deployment = single(docs, "Deployment");
        JsonNode service = single(docs, "Service");
        JsonNode monitor = single(docs, "ServiceMonitor");
        JsonNode rule = single(docs, "PrometheusRule");

        // selectors
        Map<String, String> podLabels = map(deployment.at("/spec/template/metadata/labels"));
        assertThat(podLabels).containsAllEntriesOf(map(deployment.at("/spec/selector/matchLabels")));
        assertThat(podLabels).containsAllEntriesOf(map(service.at("/spec/selector")));
        assertThat(map(service.at("/metadata/labels")))
                .containsAllEntriesOf(map(monitor.at("/spec/selector/matchLabels")));

        // ports
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        Set<String> containerPorts = new HashSet<>();
        container.path("ports").forEach(p -> containerPorts.add(p.path("name").asText()));
        JsonNode servicePort = service.at("/spec/ports/0");
        assertThat(containerPorts).contains(servicePort.path("targetPort").asText());
        assertThat(monitor.at("/spec/endpoints/0/port").asText())
                .isEqualTo(servicePort.path("name").asText());
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");

        // health probes, resources, a non-root pod
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(containerPorts)
                .contains(container.at("/readinessProbe/httpGet/port").asText());
        assertThat(container.at("/resources/requests/memory").asText()).isNotBlank();
        assertThat(container.at("/resources/limits/memory").asText()).isNotBlank();
        assertThat(deployment
                        .at("/spec/template/spec/securityContext/runAsNonRoot")
                        .asBoolean())
                .isTrue();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean())
                .isTrue();

        // the configuration: the ConfigMap the volume names, both files, where QUARKUS_CONFIG_LOCATIONS looks
        Map<String, JsonNode> configMaps = new HashMap<>();
        kind(docs, "ConfigMap")
                .forEach(c -> configMaps.put(c.at("/metadata/name").asText(), c));
        String configName = null;
        String mountPath = null;
        for (JsonNode v : deployment.at("/spec/template/spec/volumes")) {
            if (v.has("configMap")) {
                configName = v.at("/configMap/name").asText();
                assertThat(configMaps)
                        .as("ConfigMap of volume %s", v.path("name").asText())
                        .containsKey(configName);
                for (JsonNode m : container.path("volumeMounts")) {
                    if (m.path("name").asText().equals(v.path("name").asText())) {
                        mountPath = m.path("mountPath").asText();
                    }
                }
            }
        }
        assertThat(configName).startsWith("syncmeter-config");
        JsonNode config = configMaps.get(configName).path("data");
        Map<String, String> env = new HashMap<>();
        Map<String, String> secretKeys = new HashMap<>();
        for (JsonNode e : container.path("env")) {
            env.put(e.path("name").asText(), e.path("value").asText());
            if (e.has("valueFrom")) {
                assertThat(e.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(SECRET);
                secretKeys.put(
                        e.path("name").asText(),
                        e.at("/valueFrom/secretKeyRef/key").asText());
            }
        }
        for (String file : List.of("common.properties", "datacenter.properties")) {
            assertThat(config.has(file)).as(file).isTrue();
            assertThat(env.get("QUARKUS_CONFIG_LOCATIONS")).contains(mountPath + "/" + file);
        }
        Properties settings = new Properties();
        settings.load(new StringReader(config.path("common.properties").asText()));
        settings.load(new StringReader(config.path("datacenter.properties").asText()));
        assertThat(settings.getProperty("syncmeter.probe.sites")).isEqualTo(dc);
        assertThat(settings.getProperty("quarkus.http.host")).isEqualTo("0.0.0.0");
        // every credential variable the configuration names comes from the Secret
        for (String key : settings.stringPropertyNames()) {
            if (key.endsWith("-key-env")) {
                assertThat(secretKeys)
                        .as("%s names an environment variable from the Secret", key)
                        .containsKey(settings.getProperty(key));
            }
        }
        String k8sReadme = Files.readString(Path.of("k8s", "README.md"), StandardCharsets.UTF_8);
        assertThat(k8sReadme).contains(SECRET);
        secretKeys
                .values()
                .forEach(k -> assertThat(k8sReadme)
                        .as("the Secret's key %s documented", k)
                        .contains(k));

        // the generated rules and the dashboards, exactly as committed
        assertThat(rule.at("/spec/groups"))
                .isEqualTo(YAML.readTree(
                                Path.of("dashboards", "syncmeter-rules.yaml").toFile())
                        .path("groups"));
        Pattern dashboard = Pattern.compile("syncmeter-dashboard-(\\w+)");
        int dashboards = 0;
        for (Map.Entry<String, JsonNode> c : configMaps.entrySet()) {
            Matcher m = dashboard.matcher(c.getKey());
            if (!m.matches()) {
                continue;
            }
            dashboards++;
            assertThat(c.getValue().at("/metadata/labels/grafana_dashboard").asText())
                    .isEqualTo("1");
            String file = "syncmeter-" + m.group(1) + ".json";
            assertThat(c.getValue().at("/data/" + file.replace("~", "~0")).asText())
                    .isEqualTo(Files.readString(Path.of("dashboards", file), StandardCharsets.UTF_8));
        }
        assertThat(dashboards).isEqualTo(4);
    }

    private static JsonNode single(List<JsonNode> docs, String kind) {
        List<JsonNode> found = kind(docs, kind);
        assertThat(found).as("one %s", kind).hasSize(1);
        return found.get(0);
    }
}
