package io.syncmeter.sla.internal;

import io.syncmeter.sla.ThresholdEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Logs threshold events, at most {@code perMinute} lines per objective and minute: an outage must
 * not flood the log with one line per probe. What is held back is summed up in one line when the
 * next minute's first event comes. Thread-safe.
 */
public final class ThresholdEventLog {

    private static final Logger LOG = Logger.getLogger("io.syncmeter.sla.events");

    private final int perMinute;
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        long minute;
        int logged;
        int held;
    }

    public ThresholdEventLog(int perMinute) {
        this.perMinute = perMinute;
    }

    /** Logs the event, or counts it as held back. */
    public void log(ThresholdEvent e) {
        long minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).getEpochSecond();
        int held;
        boolean write;
        synchronized (this) {
            Window w = windows.computeIfAbsent(e.objective(), k -> new Window());
            held = 0;
            if (w.minute != minute) {
                held = w.held;
                w.minute = minute;
                w.logged = 0;
                w.held = 0;
            }
            write = w.logged < perMinute;
            if (write) {
                w.logged++;
            } else {
                w.held++;
            }
        }
        if (held > 0) {
            LOG.warnf(
                    "SLA %s: %d more threshold events in the last minute were not logged (see the events topic)",
                    e.objective(), held);
        }
        if (write) {
            LOG.warn(line(e));
        }
    }

    static String line(ThresholdEvent e) {
        String direction = e.sourceSite() + "->" + e.targetSite();
        return switch (e.type()) {
            case "missed-threshold" ->
                String.format(
                        "SLA %s %s: %s missed its %ss threshold (written %s, still not seen at %s)",
                        e.objective(),
                        direction,
                        e.probeKey(),
                        trim(e.thresholdSeconds()),
                        e.writtenAt(),
                        e.detectedAt());
            case "replicated-after-threshold" ->
                String.format(
                        "SLA %s %s: %s replicated after its %ss threshold, lag %ss",
                        e.objective(), direction, e.probeKey(), trim(e.thresholdSeconds()), trim(e.lagSeconds()));
            case "missing" ->
                String.format(
                        "SLA %s %s: %s never arrived (written %s, given up at %s)",
                        e.objective(), direction, e.probeKey(), e.writtenAt(), e.detectedAt());
            default ->
                String.format(
                        "SLA %s %s: %s arrived with different content (written %s)",
                        e.objective(), direction, e.probeKey(), e.writtenAt());
        };
    }

    private static String trim(double seconds) {
        String s = String.format(java.util.Locale.ROOT, "%.3f", seconds).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
