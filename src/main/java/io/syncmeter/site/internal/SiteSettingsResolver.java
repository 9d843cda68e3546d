package io.syncmeter.site.internal;

import io.syncmeter.site.SiteSettings;
import io.syncmeter.site.SitesConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Validates the configured sites and resolves their credentials. Every problem is reported with the
 * full configuration key it concerns, all at once, so a user fixes the file in one go. Stateless and
 * thread-safe.
 */
public final class SiteSettingsResolver {

    // S3 bucket naming rules (virtual-host compatible subset)
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final Function<String, String> environment;

    /** @param environment looks up environment variables ({@code System::getenv} in production) */
    public SiteSettingsResolver(Function<String, String> environment) {
        this.environment = environment;
    }

    /**
     * Validates and resolves every site; at least two are needed.
     *
     * @throws InvalidSiteConfigurationException naming each invalid key
     */
    public List<SiteSettings> resolve(Map<String, SitesConfig.Site> sites) {
        return resolve(sites, true);
    }

    /**
     * Validates and resolves every site.
     *
     * @param replicating whether anything replicates or measures replication (probes, collector, sync
     *     engine): then one site alone is refused; a benchmark run of one site needs no second
     * @throws InvalidSiteConfigurationException naming each invalid key
     */
    public List<SiteSettings> resolve(Map<String, SitesConfig.Site> sites, boolean replicating) {
        List<String> errors = new ArrayList<>();
        List<SiteSettings> resolved = new ArrayList<>();
        for (Map.Entry<String, SitesConfig.Site> e : new TreeMap<>(sites).entrySet()) {
            resolveOne(e.getKey(), e.getValue(), errors).ifPresent(resolved::add);
        }
        if (sites.size() == 1 && replicating) {
            errors.add("syncmeter.sites: only one site ("
                    + sites.keySet().iterator().next() + ") is configured; replication needs at least two"
                    + " (the bench command runs at one site alone)");
        }
        if (!errors.isEmpty()) {
            throw new InvalidSiteConfigurationException(errors);
        }
        return List.copyOf(resolved);
    }

    private Optional<SiteSettings> resolveOne(String name, SitesConfig.Site site, List<String> errors) {
        String key = "syncmeter.sites." + name;
        int before = errors.size();
        if (!SiteSettings.NAME.matcher(name).matches()) {
            errors.add(key + ": site name '" + name + "' must be " + SiteSettings.NAME_RULE);
        }
        site.endpoint().ifPresent(uri -> checkEndpoint(key + ".endpoint", uri, errors));
        if (site.region().isBlank()) {
            errors.add(key + ".region: must not be blank");
        }
        if (!BUCKET.matcher(site.bucket()).matches() || site.bucket().contains("..")) {
            errors.add(key + ".bucket: '" + site.bucket()
                    + "' is not a valid S3 bucket name (3-63 characters: a-z, 0-9, '.', '-')");
        }
        int beforeCredentials = errors.size();
        Optional<String> access = secret(key + ".access-key", site.accessKey(), site.accessKeyEnv(), errors);
        Optional<String> secret = secret(key + ".secret-key", site.secretKey(), site.secretKeyEnv(), errors);
        // only when both sides are otherwise fine: an unset variable already has its own message
        if (errors.size() == beforeCredentials && access.isPresent() != secret.isPresent()) {
            String missing = access.isPresent() ? ".secret-key" : ".access-key";
            errors.add(key + missing + ": must be set together with "
                    + (access.isPresent() ? key + ".access-key" : key + ".secret-key")
                    + " (directly or through " + key + missing + "-env)");
        }
        if (errors.size() > before) {
            return Optional.empty();
        }
        Optional<SiteSettings.Credentials> credentials =
                access.map(a -> new SiteSettings.Credentials(a, secret.orElseThrow()));
        return Optional.of(new SiteSettings(
                name,
                site.endpoint(),
                site.region(),
                site.bucket(),
                site.pathStyle(),
                site.createBucket(),
                credentials));
    }

    private static void checkEndpoint(String key, URI uri, List<String> errors) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            errors.add(key + ": '" + uri + "' must be an http:// or https:// URL");
        } else if (uri.getHost() == null) {
            errors.add(key + ": '" + uri + "' has no host");
        }
    }

    private Optional<String> secret(
            String key, Optional<String> direct, Optional<String> envName, List<String> errors) {
        if (direct.isPresent() && envName.isPresent()) {
            errors.add(key + ": set either " + key + " or " + key + "-env, not both");
            return direct;
        }
        if (direct.isPresent()) {
            if (direct.get().isBlank()) {
                errors.add(key + ": must not be blank");
            }
            return direct;
        }
        if (envName.isPresent()) {
            String value = environment.apply(envName.get());
            if (value == null || value.isBlank()) {
                errors.add(key + "-env: environment variable " + envName.get() + " is not set");
                return Optional.empty();
            }
            return Optional.of(value);
        }
        return Optional.empty();
    }
}
