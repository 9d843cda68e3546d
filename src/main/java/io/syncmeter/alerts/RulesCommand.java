package io.syncmeter.alerts;

import io.quarkus.runtime.configuration.DurationConverter;
import io.syncmeter.alerts.internal.CommandConfig;
import io.syncmeter.alerts.internal.RuleFile;
import io.syncmeter.process.HelpOption;
import io.syncmeter.sla.Objective;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code rules} command: writes the Prometheus rule file for the SLA objectives in force (read
 * from the service's configuration, as the service would resolve them) and the operational
 * alerts. Plain Java: it starts neither Quarkus nor anything else. Exit status 0 when written, 1
 * when the configuration is invalid or the file cannot be written (the message names the key or
 * the file), 2 on bad usage.
 */
@Command(
        name = "rules",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Writes Prometheus recording and alerting rules for the SLA objectives in force: SLI error ratios"
                    + " over the windows the alerts use, SLO metadata, multi-window multi-burn-rate alerts"
                    + " (page at 14.4x over 1h and 5m or 6x over 6h and 30m; ticket at 3x over 1d and 2h or"
                    + " 1x over 3d and 6h, scaled for periods other than 30d) per objective and direction,"
                    + " and operational alerts.",
            "The objectives come from syncmeter.sla.* as the service reads them (application.properties,"
                    + " config/application.properties, environment, -D), then --config and --set."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:written", "1:invalid configuration, or the file could not be written", "2:bad usage"})
public final class RulesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the rules to FILE instead of standard output.")
    Path output;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "prometheus: a rule file (default); prometheusrule: a Prometheus Operator PrometheusRule"
                    + " resource named syncmeter-rules.",
            defaultValue = "prometheus")
    Format format;

    /** What {@code rules} writes. */
    public enum Format {
        /** A Prometheus rule file ({@code groups:}). */
        prometheus,
        /** A Prometheus Operator {@code PrometheusRule} resource. */
        prometheusrule
    }

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A properties file with syncmeter.* settings (e.g. the objectives), over the service's.")
    Path config;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "A syncmeter.* setting, over every other source; repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(
            names = "--min-window",
            paramLabel = "DURATION",
            converter = DurationOption.class,
            description = "The shortest rate window, at least a few scrape intervals (default: ${DEFAULT-VALUE}).",
            defaultValue = "1m")
    Duration minWindow;

    @Option(
            names = "--runbook-url",
            paramLabel = "URL",
            description = "The runbook each alert links to, as URL#<alert name> (default: ${DEFAULT-VALUE}).",
            defaultValue = "dashboards/runbook.md")
    String runbookUrl;

    @Option(
            names = "--job",
            paramLabel = "REGEX",
            description = "Matches the job label of syncmeter's scrape targets, for the target-down alert"
                    + " (default: ${DEFAULT-VALUE}).",
            defaultValue = "syncmeter")
    String job;

    /** The rule file for these settings. */
    public static String generate(List<Objective> objectives, Duration minWindow, String runbookUrl, String job) {
        return generate(Format.prometheus, objectives, minWindow, runbookUrl, job);
    }

    /** The rules for these settings, in that format. */
    public static String generate(
            Format format, List<Objective> objectives, Duration minWindow, String runbookUrl, String job) {
        RuleFile.Options options = new RuleFile.Options(minWindow, runbookUrl, job);
        return format == Format.prometheusrule
                ? RuleFile.generatePrometheusRule(objectives, options, "syncmeter-rules")
                : RuleFile.generate(objectives, options);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (minWindow.isNegative() || minWindow.isZero()) {
            err.println("rules: --min-window must be positive, was " + minWindow);
            return 2;
        }
        String text;
        try {
            List<Objective> objectives = CommandConfig.load(config, settings).objectives();
            text = generate(format, objectives, minWindow, runbookUrl, job);
        } catch (RuntimeException e) {
            err.println("rules: invalid configuration: " + e.getMessage());
            return 1;
        }
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
            return 0;
        }
        try {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("rules: cannot write " + output + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /** Durations as in the configuration: {@code 30s}, {@code 1m}, {@code 2h}, or ISO-8601. */
    public static final class DurationOption implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return DurationConverter.parseDuration(value);
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration (e.g. 30s, 1m, 2h)");
            }
        }
    }
}
