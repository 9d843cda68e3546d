package io.syncmeter.site;

import java.util.List;

/**
 * Sites to use when no {@code syncmeter.sites.*} site is configured: the embedded default provides
 * them. At most one bean implements it. {@link SiteRegistry} calls it once, on first use.
 */
public interface FallbackSites {

    /** Whether these sites run in this application. */
    boolean sitesEnabled();

    /** Their settings, starting them if needed; empty when they are off. */
    List<SiteSettings> siteSettings();
}
