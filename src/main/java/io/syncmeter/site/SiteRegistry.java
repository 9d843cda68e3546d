package io.syncmeter.site;

import io.quarkus.runtime.StartupEvent;
import io.syncmeter.site.internal.InvalidSiteConfigurationException;
import io.syncmeter.site.internal.S3ClientFactory;
import io.syncmeter.site.internal.SiteSettingsResolver;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The configured sites (or the embedded ones), each with its one S3 client.
 *
 * <p>Lifecycle: resolved and validated on first use, at the latest on {@link StartupEvent}, so an
 * invalid configuration fails startup with a message naming each bad key; clients are closed when
 * the application stops. Thread-safe after initialisation.
 */
@ApplicationScoped
public class SiteRegistry {

    private static final Logger LOG = Logger.getLogger(SiteRegistry.class);

    // the features that replicate or measure replication, and so need two sites; their switches are
    // read by key, as the ground floor cannot depend on the features above it
    private static final List<String> REPLICATING =
            List.of("syncmeter.probe.enabled", "syncmeter.collector.enabled", "syncmeter.sync.enabled");

    private final SitesConfig config;
    private final Instance<FallbackSites> fallback;
    private final boolean replicating;
    private volatile Map<String, Site> sites;

    @Inject
    public SiteRegistry(SitesConfig config, Instance<FallbackSites> fallback, Config all) {
        this.config = config;
        this.fallback = fallback;
        this.replicating = REPLICATING.stream()
                .anyMatch(k -> all.getOptionalValue(k, Boolean.class).orElse(true));
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) StartupEvent event) {
        all();
    }

    /** Every site, in name order. */
    public List<Site> all() {
        return List.copyOf(sites().values());
    }

    /** The site of that name. */
    public Optional<Site> find(String name) {
        return Optional.ofNullable(sites().get(name));
    }

    /** The site of that name, or {@link NoSuchElementException}. */
    public Site require(String name) {
        return find(name).orElseThrow(() -> new NoSuchElementException("no site named " + name));
    }

    private Map<String, Site> sites() {
        Map<String, Site> s = sites;
        if (s == null) {
            synchronized (this) {
                if (sites == null) {
                    sites = build();
                }
                s = sites;
            }
        }
        return s;
    }

    private Map<String, Site> build() {
        List<String> clientProblems = S3ClientFactory.problems(config.client());
        if (!clientProblems.isEmpty()) {
            throw new InvalidSiteConfigurationException(clientProblems);
        }
        List<SiteSettings> settings;
        if (!config.sites().isEmpty()) {
            settings = new SiteSettingsResolver(System::getenv).resolve(config.sites(), replicating);
        } else if (fallback.isResolvable() && fallback.get().sitesEnabled()) {
            settings = fallback.get().siteSettings();
        } else {
            throw new InvalidSiteConfigurationException(
                    List.of("syncmeter.sites: no site is configured and the embedded sites are off"
                            + " (syncmeter.embedded.sites=off); configure at least two sites"));
        }
        Map<String, Site> built = new TreeMap<>();
        try {
            for (SiteSettings s : settings) {
                S3Client client = S3ClientFactory.create(s, config.client());
                built.put(s.name(), new Site(s.name(), s.endpoint(), s.bucket(), client));
                if (s.createBucket()) {
                    createBucketIfMissing(s, client);
                }
            }
        } catch (RuntimeException e) {
            built.values().forEach(site -> site.s3().close());
            throw e;
        }
        LOG.infof("Sites: %s", built.values());
        return Collections.unmodifiableMap(built);
    }

    private static void createBucketIfMissing(SiteSettings s, S3Client client) {
        try {
            client.headBucket(b -> b.bucket(s.bucket()));
        } catch (NoSuchBucketException e) {
            client.createBucket(b -> b.bucket(s.bucket()));
            LOG.infof("Created bucket %s at site %s", s.bucket(), s.name());
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            client.createBucket(b -> b.bucket(s.bucket()));
            LOG.infof("Created bucket %s at site %s", s.bucket(), s.name());
        }
    }

    @PreDestroy
    void close() {
        Map<String, Site> s = sites;
        if (s != null) {
            s.values().forEach(site -> site.s3().close());
        }
    }
}
