package io.syncmeter.sla;

/**
 * What one series of an objective covers: a direction ({@code sourceSite -> targetSite}) or, for
 * write availability, a site ({@code sourceSite}, with an empty {@code targetSite}).
 *
 * @param sourceSite the source of a direction, or the site
 * @param targetSite the target of a direction; empty for a site
 */
public record Scope(String sourceSite, String targetSite) {

    /** The scope of a direction. */
    public static Scope direction(String source, String target) {
        return new Scope(source, target);
    }

    /** The scope of a site. */
    public static Scope site(String site) {
        return new Scope(site, "");
    }

    /** Whether this is a direction (else a site). */
    public boolean isDirection() {
        return !targetSite.isEmpty();
    }

    @Override
    public String toString() {
        return isDirection() ? sourceSite + "->" + targetSite : sourceSite;
    }
}
