package io.syncmeter.site.internal;

import java.util.List;

/** Thrown at startup when the site configuration is invalid; the message names every bad key. */
public final class InvalidSiteConfigurationException extends RuntimeException {

    private final List<String> problems;

    public InvalidSiteConfigurationException(List<String> problems) {
        super("Invalid site configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, starting with the configuration key it concerns. */
    public List<String> problems() {
        return problems;
    }
}
