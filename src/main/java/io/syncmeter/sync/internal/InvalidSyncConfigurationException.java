package io.syncmeter.sync.internal;

import java.util.List;

/** Thrown at startup when the sync configuration is invalid; the message names every bad key. */
public final class InvalidSyncConfigurationException extends RuntimeException {

    private final List<String> problems;

    public InvalidSyncConfigurationException(List<String> problems) {
        super("Invalid sync configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, starting with the configuration key it concerns. */
    public List<String> problems() {
        return problems;
    }
}
