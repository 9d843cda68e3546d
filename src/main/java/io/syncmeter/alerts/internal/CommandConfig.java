package io.syncmeter.alerts.internal;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.PropertiesConfigSourceLoader;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.syncmeter.probe.ActiveProfile;
import io.syncmeter.probe.ProbeConfig;
import io.syncmeter.sla.Objective;
import io.syncmeter.sla.Objectives;
import io.syncmeter.sla.SlaConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The service's configuration as a command reads it without starting the service: the same sources
 * in the same order (the application's {@code application.properties}, {@code
 * config/application.properties} in the working directory, environment variables, {@code -D}
 * system properties), then a properties file and {@code key=value} settings given on the command
 * line, which win. Only what the rule generator needs is mapped: the SLA objectives, the probe
 * profile (its give-up time) and the site names.
 */
public final class CommandConfig {

    private final SmallRyeConfig config;

    private CommandConfig(SmallRyeConfig config) {
        this.config = config;
    }

    /**
     * Builds the configuration.
     *
     * @param file a properties file given on the command line, or null
     * @param settings {@code key=value} settings given on the command line
     * @throws IllegalArgumentException when the file cannot be read, or a setting is invalid (naming
     *     the key)
     */
    public static CommandConfig load(Path file, Map<String, String> settings) {
        ClassLoader cl = CommandConfig.class.getClassLoader();
        SmallRyeConfigBuilder b = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addDefaultSources()
                .withProfile("prod")
                // Quarkus's form of durations (5s, 1m, 30d), as the service reads them
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(PropertiesConfigSourceLoader.inClassPath("application.properties", 250, cl))
                .withSources(PropertiesConfigSourceLoader.inFileSystem(
                        Path.of("config", "application.properties").toUri().toString(), 260, cl))
                .withMapping(SlaConfig.class)
                .withMapping(ProbeConfig.class);
        if (file != null) {
            b.withSources(new PropertiesConfigSource(read(file), file.toString(), 270));
        }
        if (!settings.isEmpty()) {
            b.withSources(new PropertiesConfigSource(settings, "command line", 500));
        }
        try {
            return new CommandConfig(b.build());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        return p;
    }

    /**
     * The site names: the configured sites ({@code syncmeter.sites.<name>.*}), or the embedded
     * default's ({@code syncmeter.embedded.site-names}, {@code dc1,dc2}) when none is configured.
     */
    public List<String> siteNames() {
        TreeSet<String> names = new TreeSet<>();
        for (String key : config.getPropertyNames()) {
            if (key.startsWith("syncmeter.sites.")) {
                String rest = key.substring("syncmeter.sites.".length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    names.add(rest.substring(0, dot));
                }
            }
        }
        if (!names.isEmpty()) {
            return List.copyOf(names);
        }
        return config.getOptionalValues("syncmeter.embedded.site-names", String.class)
                .map(List::copyOf)
                .orElse(List.of("dc1", "dc2"));
    }

    /** The objectives in force, resolved as the service resolves them. */
    public List<Objective> objectives() {
        ProbeConfig probe = config.getConfigMapping(ProbeConfig.class);
        return Objectives.resolve(
                config.getConfigMapping(SlaConfig.class),
                new ArrayList<>(siteNames()),
                new ActiveProfile(probe).get().giveUp());
    }
}
