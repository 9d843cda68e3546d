package io.syncmeter.sla.internal;

import java.util.List;

/** Thrown at startup when the objectives are invalid; the message names every bad key. */
public final class InvalidSlaConfigurationException extends RuntimeException {

    private final List<String> problems;

    public InvalidSlaConfigurationException(List<String> problems) {
        super("Invalid SLA configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, starting with the configuration key it concerns. */
    public List<String> problems() {
        return problems;
    }
}
