package io.syncmeter.alerts.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The multi-window, multi-burn-rate alerts of the Google SRE workbook (chapter "Alerting on SLOs"),
 * for an objective of any period: page when the budget burns 14.4 times too fast over 1 h (and over
 * the last 5 min, so the alert ends soon after the burn does) or 6 times over 6 h (and 30 min);
 * ticket at 3 times over 1 d (and 2 h) or once over 3 d (and 6 h). These windows are for a 30-day
 * period; for another period they scale with it (as Pyrra does), each rounded to whole seconds, at
 * least the minimum window (a rate needs several scrapes) and at most the period.
 */
public final class BurnRateAlerts {

    static final Duration WORKBOOK_PERIOD = Duration.ofDays(30);

    /** A long window and its short confirming window, alerting above {@code factor} times the budget. */
    public record Pair(Duration longWindow, Duration shortWindow, double factor) {}

    /** One alert: its severity, the pairs any of which fires it, and how long it must hold. */
    public record Alert(String severity, List<Pair> pairs, Duration forDuration) {}

    private BurnRateAlerts() {}

    /** The page and ticket alerts of an objective with that period. */
    public static List<Alert> forPeriod(Duration period, Duration minWindow) {
        return List.of(
                alert("page", period, minWindow, Duration.ofMinutes(2), pair(1, 5, 14.4), pair(6, 30, 6)),
                alert("ticket", period, minWindow, Duration.ofMinutes(15), pair(24, 120, 3), pair(72, 360, 1)));
    }

    /** Every window the alerts of that period use, shortest first. */
    public static Set<Duration> windows(Duration period, Duration minWindow) {
        List<Duration> all = new ArrayList<>();
        for (Alert a : forPeriod(period, minWindow)) {
            for (Pair p : a.pairs()) {
                all.add(p.longWindow());
                all.add(p.shortWindow());
            }
        }
        all.sort(Duration::compareTo);
        return new LinkedHashSet<>(all);
    }

    private static Pair pair(long longHours, long shortMinutes, double factor) {
        return new Pair(Duration.ofHours(longHours), Duration.ofMinutes(shortMinutes), factor);
    }

    private static Alert alert(
            String severity, Duration period, Duration minWindow, Duration workbookFor, Pair... workbook) {
        List<Pair> pairs = new ArrayList<>();
        Duration shortest = null;
        for (Pair p : workbook) {
            Pair scaled = new Pair(
                    scale(p.longWindow(), period, minWindow), scale(p.shortWindow(), period, minWindow), p.factor());
            // windows that scaled to the same as an earlier pair's: the lower factor fires first anyway
            pairs.removeIf(q -> q.longWindow().equals(scaled.longWindow())
                    && q.shortWindow().equals(scaled.shortWindow())
                    && q.factor() >= scaled.factor());
            if (pairs.stream()
                    .noneMatch(q -> q.longWindow().equals(scaled.longWindow())
                            && q.shortWindow().equals(scaled.shortWindow()))) {
                pairs.add(scaled);
            }
            shortest =
                    shortest == null || scaled.shortWindow().compareTo(shortest) < 0 ? scaled.shortWindow() : shortest;
        }
        // the hold scales too, never longer than the shortest confirming window; under a second: none
        Duration hold = Duration.ofSeconds(Math.round(workbookFor.toSeconds() * ratio(period)));
        if (hold.compareTo(shortest) > 0) {
            hold = shortest;
        }
        return new Alert(severity, List.copyOf(pairs), hold);
    }

    private static double ratio(Duration period) {
        return (double) period.toSeconds() / WORKBOOK_PERIOD.toSeconds();
    }

    static Duration scale(Duration workbookWindow, Duration period, Duration minWindow) {
        Duration d = Duration.ofSeconds(Math.round(workbookWindow.toSeconds() * ratio(period)));
        if (d.compareTo(minWindow) < 0) {
            d = minWindow;
        }
        if (d.compareTo(period) > 0) {
            d = period.compareTo(minWindow) < 0 ? minWindow : period;
        }
        return d;
    }

    /** A duration as Prometheus writes it: {@code 1h}, {@code 5m}, {@code 2h24m}, {@code 3d}. */
    public static String promDuration(Duration d) {
        long s = d.toSeconds();
        if (s == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long[] units = {86_400, 3_600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (s >= units[i]) {
                b.append(s / units[i]).append(names[i]);
                s %= units[i];
            }
        }
        return b.toString();
    }
}
