package io.syncmeter.embedded;

import io.quarkus.runtime.StartupEvent;
import io.syncmeter.embedded.internal.BrokerExits;
import io.syncmeter.embedded.internal.InProcessKafka;
import io.syncmeter.embedded.internal.InProcessS3Site;
import io.syncmeter.embedded.internal.KafkaChangeNotifier;
import io.syncmeter.embedded.internal.SiteWatch;
import io.syncmeter.process.Termination;
import io.syncmeter.site.FallbackSites;
import io.syncmeter.site.SiteSettings;
import io.syncmeter.site.SitesConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Starts the in-process Kafka broker and S3 sites of the embedded default, each only when its
 * external counterpart is not configured (see {@link EmbeddedConfig}). The sites keep their objects
 * in files under the data directory, so the heap does not grow with the objects written.
 *
 * <p>A fatal fault of a part ends the process through {@link Termination}, with one ERROR line
 * naming the part: the broker's own fatal exits (its fault handlers, a failed log directory) are
 * routed there while it runs ({@link BrokerExits}), and a site whose server has stopped is noticed
 * within a second by a watch thread ({@link SiteWatch}).
 *
 * <p>Lifecycle: started on {@link StartupEvent} ahead of the messaging connectors (platform-before
 * priority), or earlier on first use by {@link #siteSettings()}; stopped when the application scope
 * is being destroyed, after the Kafka connector has closed its clients, so shutdown does not leave
 * clients retrying against a stopped broker. Thread-safe; owns the site watch's daemon thread.
 */
@ApplicationScoped
public class EmbeddedStack implements FallbackSites {

    private static final Logger LOG = Logger.getLogger(EmbeddedStack.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** A read of each server's state: cheap enough to do often, often enough that nobody waits long. */
    private static final Duration SITE_WATCH_INTERVAL = Duration.ofSeconds(1);

    private final EmbeddedConfig config;
    private final SitesConfig sitesConfig;
    private final Config rawConfig;

    private boolean started;
    private InProcessKafka kafka;
    private BrokerExits brokerExits;
    private SiteWatch siteWatch;
    private final List<InProcessS3Site> sites = new ArrayList<>();
    private final List<KafkaChangeNotifier> notifiers = new ArrayList<>();
    private final List<SiteSettings> siteSettings = new ArrayList<>();
    private Path tempDir;

    @Inject
    public EmbeddedStack(EmbeddedConfig config, SitesConfig sitesConfig, Config rawConfig) {
        this.config = config;
        this.sitesConfig = sitesConfig;
        this.rawConfig = rawConfig;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        ensureStarted();
    }

    void onStop(
            @Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 1000) @BeforeDestroyed(ApplicationScoped.class)
                    Object event) {
        stop();
    }

    /** Whether the in-process broker runs (or will run) in this application. */
    public boolean kafkaEnabled() {
        return switch (config.kafka()) {
            case ON -> true;
            case OFF -> false;
            case AUTO ->
                rawConfig
                        .getOptionalValue("kafka.bootstrap.servers", String.class)
                        .isEmpty();
        };
    }

    /** Whether the in-process sites run (or will run) in this application. */
    @Override
    public boolean sitesEnabled() {
        return switch (config.sites()) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> sitesConfig.sites().isEmpty();
        };
    }

    /** The Kafka bootstrap servers every client of this application uses. */
    public String bootstrapServers() {
        return rawConfig
                .getOptionalValue("kafka.bootstrap.servers", String.class)
                .orElse("127.0.0.1:" + config.kafkaPort());
    }

    /** The settings of the in-process sites, starting them if needed; empty when they are off. */
    @Override
    public synchronized List<SiteSettings> siteSettings() {
        ensureStarted();
        return List.copyOf(siteSettings);
    }

    private synchronized void ensureStarted() {
        if (started) {
            return;
        }
        started = true;
        if (!kafkaEnabled() && !sitesEnabled()) {
            return;
        }
        try {
            if (kafkaEnabled()) {
                if (config.kafkaPort() <= 0 || config.kafkaPort() > 65535) {
                    throw new IllegalArgumentException(
                            "syncmeter.embedded.kafka-port: must be a port from 1 to 65535, was " + config.kafkaPort());
                }
                long t0 = System.nanoTime();
                InProcessKafka broker = new InProcessKafka(
                        dataDir().resolve("kafka"), config.kafkaPort(), config.kafkaPartitions(), config.kafkaConfig());
                brokerExits = BrokerExits.install(Termination::fatal);
                kafka = broker.start(START_TIMEOUT);
                kafka.createTopics(topics());
                LOG.infof(
                        "Embedded Kafka broker ready on %s in %d ms",
                        kafka.bootstrapServers(), (System.nanoTime() - t0) / 1_000_000);
            }
            if (sitesEnabled()) {
                startSites();
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("The embedded default did not start: " + e.getMessage(), e);
        }
    }

    /** The topics of every channel, and the notifications topic. */
    private List<String> topics() {
        List<String> topics = new ArrayList<>();
        for (String name : rawConfig.getPropertyNames()) {
            if (name.startsWith("mp.messaging.") && name.endsWith(".topic")) {
                rawConfig.getOptionalValue(name, String.class).ifPresent(topics::add);
            }
        }
        topics.add(config.notificationsTopic());
        return topics.stream().distinct().toList();
    }

    private void startSites() throws Exception {
        List<String> names = config.siteNames();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int port = config.s3BasePort() == 0 ? 0 : config.s3BasePort() + i;
            KafkaChangeNotifier notifier =
                    new KafkaChangeNotifier(name, config.notificationsTopic(), bootstrapServers());
            notifiers.add(notifier);
            // always files: objects on the heap would end the process with an OutOfMemoryError
            Optional<Path> dir = Optional.of(dataDir().resolve("s3").resolve(name));
            InProcessS3Site site = InProcessS3Site.start(
                    name,
                    port,
                    dir,
                    config.bucket(),
                    config.accessKey(),
                    config.secretKey(),
                    notifier,
                    START_TIMEOUT,
                    config.conditionalWrites());
            sites.add(site);
            siteSettings.add(new SiteSettings(
                    name,
                    Optional.of(site.endpoint()),
                    "us-east-1",
                    config.bucket(),
                    true,
                    false,
                    Optional.of(new SiteSettings.Credentials(config.accessKey(), config.secretKey()))));
            LOG.infof("Embedded S3 site %s ready on %s (bucket %s)", name, site.endpoint(), config.bucket());
        }
        siteWatch = new SiteWatch(sites, SITE_WATCH_INTERVAL, EmbeddedStack::siteStopped);
    }

    /** On the site watch's thread. */
    private static void siteStopped(InProcessS3Site site, String state) {
        // in a shutdown the servers stop on purpose (and a stopped site no longer matters)
        if (!Termination.shutdownUnderWay()) {
            Termination.fatal(
                    "Embedded S3 site " + site.name(),
                    "its S3 server is no longer running (state " + state + ")",
                    1,
                    false);
        }
    }

    private Path dataDir() throws IOException {
        if (config.dataDir().isPresent()) {
            return config.dataDir().get();
        }
        if (tempDir == null) {
            tempDir = Files.createTempDirectory("syncmeter-embedded-");
        }
        return tempDir;
    }

    /** Stops everything this stack started; idempotent. */
    public synchronized void stop() {
        if (siteWatch != null) {
            siteWatch.close();
            siteWatch = null;
        }
        for (InProcessS3Site site : sites) {
            closeQuietly(site, "S3 site " + site.name());
        }
        sites.clear();
        for (KafkaChangeNotifier n : notifiers) {
            closeQuietly(n, "change notifier");
        }
        notifiers.clear();
        if (kafka != null) {
            closeQuietly(kafka, "Kafka broker");
            kafka = null;
        }
        if (brokerExits != null) {
            // only once the broker has stopped: a fatal exit inside its shutdown must still halt
            brokerExits.close();
            brokerExits = null;
        }
        if (tempDir != null) {
            deleteRecursively(tempDir);
            tempDir = null;
        }
    }

    private static void closeQuietly(AutoCloseable c, String what) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warnf("Embedded %s did not stop cleanly: %s", what, e.toString());
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
