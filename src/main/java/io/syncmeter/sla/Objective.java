package io.syncmeter.sla;

import java.time.Duration;
import java.util.List;

/**
 * A declared objective, validated.
 *
 * @param name its name (a label value: lower-case letters, digits and '-')
 * @param kind what it measures
 * @param target the share of good events promised, above 0 and below 1 (for freshness: the
 *     percentile, 0.99 for p99)
 * @param threshold the lag threshold of replication and freshness objectives; null for write
 *     availability
 * @param period the compliance period: a rolling window ending now
 * @param scopes the directions or sites it covers, in order
 * @param description what it promises, in words
 */
public record Objective(
        String name,
        ObjectiveKind kind,
        double target,
        Duration threshold,
        Duration period,
        List<Scope> scopes,
        String description) {

    public Objective {
        scopes = List.copyOf(scopes);
    }

    /** The share of bad events the objective allows: {@code 1 - target}. */
    public double errorBudgetRatio() {
        return 1 - target;
    }

    /** Whether it covers that scope. */
    public boolean covers(Scope scope) {
        return scopes.contains(scope);
    }
}
