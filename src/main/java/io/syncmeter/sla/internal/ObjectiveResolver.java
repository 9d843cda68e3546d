package io.syncmeter.sla.internal;

import io.syncmeter.site.SitePairs;
import io.syncmeter.sla.Objective;
import io.syncmeter.sla.ObjectiveKind;
import io.syncmeter.sla.Scope;
import io.syncmeter.sla.SlaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns the declared objectives into validated {@link Objective}s, or the default set when none is
 * declared. Every problem is reported with the key it concerns, all at once. Pure logic.
 */
public final class ObjectiveResolver {

    static final String PREFIX = "syncmeter.sla.objectives.";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Duration MIN_PERIOD = Duration.ofMinutes(1);
    private static final Duration MAX_PERIOD = Duration.ofDays(400);

    /**
     * What the objectives are checked against.
     *
     * @param sites every configured site, in order
     * @param giveUp the probe profile's give-up time: no threshold may exceed it
     */
    public record Context(List<String> sites, Duration giveUp) {}

    private ObjectiveResolver() {}

    /**
     * The objectives in name order.
     *
     * @throws InvalidSlaConfigurationException naming each bad key
     */
    public static List<Objective> resolve(Map<String, SlaConfig.ObjectiveConfig> declared, Context context) {
        if (declared.isEmpty()) {
            return defaults(context);
        }
        List<String> problems = new ArrayList<>();
        List<Objective> out = new ArrayList<>();
        for (Map.Entry<String, SlaConfig.ObjectiveConfig> e : new TreeMap<>(declared).entrySet()) {
            resolveOne(e.getKey(), e.getValue(), context, problems).ifPresent(out::add);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSlaConfigurationException(problems);
        }
        return List.copyOf(out);
    }

    /**
     * The default set: replication 99.9 % within 15 min over 30 days, freshness p99 under 60 s over 5
     * min, probe writes 99.9 % over 30 days. A threshold above the profile's give-up time is lowered
     * to it (a probe is declared missing then, so nothing slower can be measured).
     */
    static List<Objective> defaults(Context context) {
        Duration replication = min(Duration.ofMinutes(15), context.giveUp());
        Duration freshness = min(Duration.ofSeconds(60), context.giveUp());
        return List.of(
                new Objective(
                        "freshness",
                        ObjectiveKind.FRESHNESS,
                        0.99,
                        freshness,
                        Duration.ofMinutes(5),
                        allDirections(context.sites()),
                        "p99 replication lag under " + human(freshness) + " over 5m, per direction"),
                new Objective(
                        "probe-writes",
                        ObjectiveKind.WRITE_AVAILABILITY,
                        0.999,
                        null,
                        Duration.ofDays(30),
                        context.sites().stream().map(Scope::site).toList(),
                        "99.9% of probe PUTs succeed over 30d, per site"),
                new Objective(
                        "replication",
                        ObjectiveKind.REPLICATION,
                        0.999,
                        replication,
                        Duration.ofDays(30),
                        allDirections(context.sites()),
                        "99.9% of probes readable intact at the target within " + human(replication)
                                + " over 30d, per direction"));
    }

    private static Optional<Objective> resolveOne(
            String name, SlaConfig.ObjectiveConfig c, Context context, List<String> problems) {
        String key = PREFIX + name + ".";
        int before = problems.size();
        if (!NAME.matcher(name).matches()) {
            problems.add(PREFIX + name + ": the objective name '" + name
                    + "' must be 1-63 characters a-z, 0-9 and '-' (it becomes a metric label value)");
        }
        ObjectiveKind kind = kind(key + "kind", c.kind(), problems);
        double target = target(key + "target", c.target(), problems);
        Duration threshold = null;
        if (kind != null && kind.perDirection()) {
            if (c.threshold().isEmpty()) {
                problems.add(key + "threshold: required for a " + kind.label() + " objective");
            } else {
                threshold = c.threshold().get();
                if (threshold.isNegative() || threshold.isZero()) {
                    problems.add(key + "threshold: must be positive, was " + threshold);
                } else if (threshold.compareTo(context.giveUp()) > 0) {
                    problems.add(key + "threshold: " + human(threshold) + " exceeds the probe profile's give-up time "
                            + human(context.giveUp()) + " (probes are declared missing then, so no slower lag"
                            + " can be measured): raise thresholds.give-up in the profile or lower the threshold");
                }
            }
        } else if (kind != null && c.threshold().isPresent()) {
            problems.add(key + "threshold: a " + kind.label() + " objective has no threshold");
        }
        Duration period =
                c.period().orElse(kind == ObjectiveKind.FRESHNESS ? Duration.ofMinutes(5) : Duration.ofDays(30));
        if (period.compareTo(MIN_PERIOD) < 0 || period.compareTo(MAX_PERIOD) > 0) {
            problems.add(key + "period: must be from 1m to 400d, was " + period);
        } else if (period.toNanos() % MIN_PERIOD.toNanos() != 0) {
            problems.add(key + "period: must be whole minutes (counts are kept per minute), was " + period);
        }
        List<Scope> scopes = List.of();
        if (kind != null) {
            if (kind.perDirection()) {
                if (c.sites().isPresent()) {
                    problems.add(key + "sites: a " + kind.label() + " objective covers directions; use " + key
                            + "directions");
                }
                scopes = directions(key + "directions", c.directions(), context.sites(), problems);
            } else {
                if (c.directions().isPresent()) {
                    problems.add(
                            key + "directions: a " + kind.label() + " objective covers sites; use " + key + "sites");
                }
                scopes = sites(key + "sites", c.sites(), context, problems);
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        Duration t = threshold;
        String description = c.description().orElseGet(() -> describe(kind, target, t, period));
        return Optional.of(new Objective(name, kind, target, threshold, period, scopes, description));
    }

    private static ObjectiveKind kind(String key, String value, List<String> problems) {
        for (ObjectiveKind k : ObjectiveKind.values()) {
            if (k.label().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        problems.add(key + ": '" + value + "' is not a kind; kinds are replication, freshness, write-availability");
        return null;
    }

    /** Parses {@code 0.999} or {@code 99.9%}. */
    static double target(String key, String value, List<String> problems) {
        String v = value.strip();
        double ratio;
        try {
            ratio = v.endsWith("%")
                    ? Double.parseDouble(v.substring(0, v.length() - 1).strip()) / 100
                    : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            problems.add(key + ": '" + value + "' is not a ratio (0.999) or a percentage (99.9%)");
            return Double.NaN;
        }
        if (!(ratio > 0 && ratio < 1)) {
            problems.add(key + ": '" + value + "' must lie strictly between 0 and 1 (0% and 100%)");
            return Double.NaN;
        }
        return ratio;
    }

    private static List<Scope> directions(
            String key, Optional<List<String>> configured, List<String> sites, List<String> problems) {
        return SitePairs.resolve(key, configured, sites, problems).stream()
                .map(p -> Scope.direction(p.source(), p.target()))
                .toList();
    }

    private static List<Scope> sites(
            String key, Optional<List<String>> configured, Context context, List<String> problems) {
        if (configured.isEmpty()) {
            return context.sites().stream().map(Scope::site).toList();
        }
        Set<Scope> out = new LinkedHashSet<>();
        for (String entry : configured.get()) {
            String site = entry.strip();
            if (!context.sites().contains(site)) {
                problems.add(
                        key + ": '" + entry + "' is not a site (sites: " + String.join(", ", context.sites()) + ")");
            } else if (!out.add(Scope.site(site))) {
                problems.add(key + ": '" + entry + "' is listed twice");
            }
        }
        return List.copyOf(out);
    }

    private static List<Scope> allDirections(List<String> sites) {
        return SitePairs.all(sites).stream()
                .map(p -> Scope.direction(p.source(), p.target()))
                .toList();
    }

    private static String describe(ObjectiveKind kind, double target, Duration threshold, Duration period) {
        String percent = percent(target);
        return switch (kind) {
            case REPLICATION ->
                percent + " of probes readable intact at the target within " + human(threshold) + " over "
                        + human(period) + ", per direction";
            case FRESHNESS ->
                "p" + percent.replace("%", "") + " replication lag under " + human(threshold) + " over " + human(period)
                        + ", per direction";
            case WRITE_AVAILABILITY -> percent + " of probe PUTs succeed over " + human(period) + ", per site";
        };
    }

    private static String percent(double ratio) {
        String s = String.format(Locale.ROOT, "%.6f", ratio * 100).replaceAll("0+$", "");
        return (s.endsWith(".") ? s.substring(0, s.length() - 1) : s) + "%";
    }

    /** A duration in the configuration's short form: 30d, 15m, 60s, 1500ms. */
    public static String human(Duration d) {
        long ms = d.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0 && ms >= units[i]) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
