package io.syncmeter.api;

import io.syncmeter.site.Site;
import io.syncmeter.site.SiteRegistry;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/** The check of query parameters that name a site ({@code source}, {@code target}, {@code site}). */
final class SiteParameters {

    private SiteParameters() {}

    /**
     * A 400 problem naming the first parameter whose value names no site, if any.
     *
     * @param namesAndValues parameter name, value, name, value, …; a null value is not given
     */
    static Optional<Response> unknownSite(SiteRegistry sites, String... namesAndValues) {
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            String name = namesAndValues[i];
            String value = namesAndValues[i + 1];
            if (value != null && sites.find(value).isEmpty()) {
                return Optional.of(Problem.badRequest(
                        "Unknown site",
                        "Query parameter '" + name + "' names no site: '" + value + "'; sites are "
                                + sites.all().stream().map(Site::name).toList()));
            }
        }
        return Optional.empty();
    }
}
