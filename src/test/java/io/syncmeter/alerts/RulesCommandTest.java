package io.syncmeter.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.syncmeter.Main;
import io.syncmeter.alerts.internal.CommandConfig;
import io.syncmeter.alerts.internal.RuleFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated rule file: committed as generated, complete, and following the objectives declared. */
class RulesCommandTest {

    static final Path COMMITTED = Path.of("dashboards", "syncmeter-rules.yaml");
    static final Path RUNBOOK = Path.of("dashboards", "runbook.md");
    private static final YAMLMapper YAML = new YAMLMapper();
    /** Alerts whose value says nothing (a rate of 0, a scrape status of 0): their description names where only. */
    private static final Set<String> CONSTANT_VALUE =
            Set.of("SyncmeterProbeWriterStopped", "SyncmeterCollectorStopped", "SyncmeterTargetDown");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int rules(String... args) {
        List<String> a = new ArrayList<>(List.of("rules"));
        a.addAll(List.of(args));
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), a.toArray(String[]::new));
    }

    private static String defaults() {
        return RuleFile.generate(CommandConfig.load(null, Map.of()).objectives(), RuleFile.Options.DEFAULTS);
    }

    @Test
    void shouldMatchTheCommittedRuleFile() throws Exception {
        assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
                .as(
                        "%s differs from what the generator writes: regenerate it with "
                                + "`java -jar target/quarkus-app/quarkus-run.jar rules -o %s`",
                        COMMITTED, COMMITTED)
                .isEqualTo(defaults());
    }

    @Test
    void shouldMatchTheCommittedPrometheusRuleResource() throws Exception {
        Path committed = Path.of("dashboards", "syncmeter-prometheusrule.yaml");
        String generated = RulesCommand.generate(
                RulesCommand.Format.prometheusrule,
                CommandConfig.load(null, Map.of()).objectives(),
                RuleFile.Options.DEFAULTS.minWindow(),
                RuleFile.Options.DEFAULTS.runbookUrl(),
                RuleFile.Options.DEFAULTS.job());
        assertThat(Files.readString(committed, StandardCharsets.UTF_8))
                .as(
                        "%s differs from what the generator writes: regenerate it with `java -jar "
                                + "target/quarkus-app/quarkus-run.jar rules --format prometheusrule -o %s`",
                        committed, committed)
                .isEqualTo(generated);
        JsonNode resource = YAML.readTree(generated);
        assertThat(resource.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(resource.path("spec").path("groups"))
                .isEqualTo(YAML.readTree(defaults()).path("groups"));
    }

    @Test
    void shouldWriteTheSameToStandardOutputAndToAFile() throws Exception {
        assertThat(rules()).isZero();
        assertThat(out.toString()).isEqualTo(defaults());

        Path file = dir.resolve("sub").resolve("rules.yaml");
        assertThat(rules("-o", file.toString())).isZero();
        assertThat(Files.readString(file)).isEqualTo(defaults());
    }

    @Test
    void shouldGiveEveryAlertASeveritySummaryDescriptionAndARunbookSection() throws Exception {
        String runbook = Files.readString(RUNBOOK, StandardCharsets.UTF_8);
        Set<String> anchors = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^## (\\w+)\\s*$").matcher(runbook);
        while (m.find()) {
            anchors.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : YAML.readTree(COMMITTED.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                assertThat(rule.path("expr").asText()).as("%s", rule).isNotBlank();
                if (!rule.has("alert")) {
                    assertThat(rule.path("record").asText()).startsWith("syncmeter:");
                    continue;
                }
                String name = rule.path("alert").asText();
                alerts.add(name);
                assertThat(rule.path("labels").path("severity").asText())
                        .as(name)
                        .isIn("page", "ticket");
                assertThat(rule.path("annotations").path("summary").asText())
                        .as(name)
                        .isNotBlank();
                String description =
                        rule.path("annotations").path("description").asText();
                if (!CONSTANT_VALUE.contains(name)) {
                    assertThat(description).as("%s says how much", name).contains("{{ $value");
                }
                assertThat(description)
                        .as("%s names where", name)
                        .containsAnyOf("$labels.source_site", "$labels.site", "$labels.zone", "$labels.instance");
                assertThat(rule.path("annotations").path("runbook_url").asText())
                        .as(name)
                        .isEqualTo("dashboards/runbook.md#" + name.toLowerCase(Locale.ROOT));
                assertThat(anchors)
                        .as("a section '## %s' in %s", name, RUNBOOK)
                        .contains(name.toLowerCase(Locale.ROOT));
            }
        }
        assertThat(alerts)
                .contains(
                        "SyncmeterSLOBurnRatePage",
                        "SyncmeterSLOBurnRateTicket",
                        "SyncmeterProbesMissing",
                        "SyncmeterProbesCorrupt",
                        "SyncmeterProbeWriterStopped",
                        "SyncmeterCollectorStopped",
                        "SyncmeterBacklogGrowing",
                        "SyncmeterSyncConcurrentWriters",
                        "SyncmeterSyncKeysParked",
                        "SyncmeterRgwMultipleSyncGateways",
                        "SyncmeterRgwEndpointWithoutSync",
                        "SyncmeterRgwShardsBehind",
                        "SyncmeterRgwStateReadsFailing",
                        "SyncmeterTargetDown");
    }

    @Test
    void shouldFollowTheDeclaredObjectivesAndScaleTheirWindows() throws Exception {
        Path config = dir.resolve("sla.properties");
        Files.writeString(config, """
                syncmeter.sla.objectives.fast.kind=replication
                syncmeter.sla.objectives.fast.target=99%
                syncmeter.sla.objectives.fast.threshold=2s
                syncmeter.sla.objectives.fast.period=12h
                """);
        assertThat(rules("--config", config.toString(), "--min-window", "5s", "--runbook-url", "https://x/rb.md"))
                .as(err.toString())
                .isZero();

        JsonNode groups = YAML.readTree(out.toString()).path("groups");
        assertThat(groups)
                .extracting(g -> g.path("name").asText())
                .containsExactly("syncmeter-sla-fast", "syncmeter-operational");
        String fast = groups.get(0).toString();
        assertThat(fast)
                .contains("syncmeter:sla_error_ratio:rate1m", "syncmeter:sla_error_ratio:rate5s")
                .contains("(14.4 * 0.01)")
                .contains("vector(0.99)")
                .contains("\"for\":\"2s\"")
                .contains("https://x/rb.md#syncmetersloburnratepage")
                .doesNotContain("rate5m\"");
        assertThat(out.toString()).contains("#   fast: 99% of probes readable intact at the target within 2s over 12h");
    }

    @Test
    void shouldSetASettingOverTheFileAndWriteNoObjectiveWhenTheSlaIsOff() throws Exception {
        assertThat(rules("--set", "syncmeter.sla.enabled=false")).isZero();
        assertThat(YAML.readTree(out.toString()).path("groups"))
                .extracting(g -> g.path("name").asText())
                .containsExactly("syncmeter-operational");
    }

    @Test
    void shouldFailNamingTheKeyOfABadObjective() {
        assertThat(rules(
                        "--set", "syncmeter.sla.objectives.x.kind=replication",
                        "--set", "syncmeter.sla.objectives.x.target=1.5"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("syncmeter.sla.objectives.x.target");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldFailNamingAnUnreadableConfigFile() {
        assertThat(rules("--config", dir.resolve("none.properties").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("none.properties");
    }
}
