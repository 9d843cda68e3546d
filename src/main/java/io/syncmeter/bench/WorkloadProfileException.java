package io.syncmeter.bench;

import java.util.List;

/**
 * A workload profile that cannot be used: absent, unreadable or invalid. Carries every problem found,
 * each naming where it is ({@code file:line}, or the {@code --set} override) and the field, so one
 * message lets a user fix the whole profile, and an API can return them as a list.
 */
public final class WorkloadProfileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The problems, one line each. */
    private final List<String> problems;

    public WorkloadProfileException(List<String> problems) {
        super("Invalid workload profile:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one line each, in the order they were found. */
    public List<String> problems() {
        return problems;
    }
}
