package io.syncmeter.sla.internal;

import io.syncmeter.sla.Offender;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The events of one objective series, per clock hour and instance: this instance's own counts, which
 * it changes, and every other instance's (and its own earlier runs'), as read back from the state
 * topic. Sums over any window ending now give the global figures.
 *
 * <p>Threading: every method is synchronized; callers are the collector's and probe writers' threads
 * (counting), the state consumer (replacing) and the evaluation and flush tasks (reading).
 */
public final class SeriesState {

    private final String instance;
    private final int worstOffenders;
    /** Hour start (epoch seconds) → instance → counts. */
    private final TreeMap<Long, Map<String, HourCounts>> hours = new TreeMap<>();
    /** This instance's hours changed since the last {@link #drainChanged}. */
    private final Set<Long> changed = new HashSet<>();

    public SeriesState(String instance, int worstOffenders) {
        this.instance = instance;
        this.worstOffenders = worstOffenders;
    }

    /** Counts one event of this instance, decided at {@code at}; {@code offender} may be null. */
    public synchronized void count(Instant at, boolean good, Offender offender) {
        HourCounts own = own(at);
        own.count(minuteOf(at), good);
        if (offender != null) {
            own.offer(offender, worstOffenders);
        }
    }

    /** Offers an offender without counting an event (a probe already counted that got worse). */
    public synchronized void offer(Instant at, Offender offender) {
        own(at).offer(offender, worstOffenders);
    }

    private HourCounts own(Instant at) {
        long hour = hourOf(at);
        changed.add(hour);
        return hours.computeIfAbsent(hour, h -> new HashMap<>()).computeIfAbsent(instance, i -> new HourCounts());
    }

    /**
     * Takes another instance's record read back from the state topic (the newest record of a key
     * replaces the previous one). This instance's own current counts are never replaced.
     */
    public synchronized void replace(StateRecord r) {
        if (r.instance().equals(instance)) {
            return;
        }
        hours.computeIfAbsent(r.hour().getEpochSecond(), h -> new HashMap<>())
                .put(r.instance(), new HourCounts(r.good(), r.total(), r.offenders()));
    }

    /** Good and total events decided in {@code [from, to)}, over every instance, as {good, total}. */
    public synchronized long[] sum(Instant from, Instant to) {
        long[] sums = new long[2];
        long firstHour = hourOf(from);
        for (Map.Entry<Long, Map<String, HourCounts>> e :
                hours.subMap(firstHour, true, hourOf(to), true).entrySet()) {
            long hour = e.getKey();
            int fromMinute = hour == firstHour ? minuteOf(from) : 0;
            int toMinute = hour == hourOf(to) ? minuteOf(to) + 1 : HourCounts.MINUTES;
            for (HourCounts c : e.getValue().values()) {
                c.sum(fromMinute, toMinute, sums);
            }
        }
        return sums;
    }

    /** The start of the earliest minute with an event in the minutes from {@code from}'s to {@code to}'s; null if none. */
    public synchronized Instant firstEventSince(Instant from, Instant to) {
        long[] probe = new long[2];
        Instant firstMinute = from.truncatedTo(ChronoUnit.MINUTES);
        for (long hour : hours.subMap(hourOf(from), true, hourOf(to), true).keySet()) {
            for (int m = 0; m < HourCounts.MINUTES; m++) {
                Instant minute = Instant.ofEpochSecond(hour).plus(m, ChronoUnit.MINUTES);
                if (minute.isBefore(firstMinute) || minute.isAfter(to)) {
                    continue;
                }
                probe[1] = 0;
                for (HourCounts c : hours.get(hour).values()) {
                    c.sum(m, m + 1, probe);
                }
                if (probe[1] > 0) {
                    return minute;
                }
            }
        }
        return null;
    }

    /** The worst offenders decided in {@code [from, to)}, over every instance, worst first, one per key. */
    public synchronized List<Offender> worst(Instant from, Instant to, int k) {
        Map<String, Offender> byKey = new LinkedHashMap<>();
        for (Map<String, HourCounts> perInstance :
                hours.subMap(hourOf(from), true, hourOf(to), true).values()) {
            for (HourCounts c : perInstance.values()) {
                for (Offender o : c.offenders()) {
                    if (o.decidedAt().isBefore(from) || !o.decidedAt().isBefore(to)) {
                        continue;
                    }
                    byKey.merge(o.probeKey(), o, (a, b) -> b.supersedes(a) ? b : a);
                }
            }
        }
        List<Offender> all = new ArrayList<>(byKey.values());
        all.sort(Offender.WORST_FIRST);
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    /** This instance's hours changed since the last call, as records to publish. */
    public synchronized List<StateRecord> drainChanged(String objective, String source, String target, Instant now) {
        List<StateRecord> out = new ArrayList<>();
        for (long hour : changed) {
            HourCounts c = hours.getOrDefault(hour, Map.of()).get(instance);
            if (c != null) {
                out.add(new StateRecord(
                        StateRecord.SCHEMA,
                        objective,
                        source,
                        target,
                        Instant.ofEpochSecond(hour),
                        instance,
                        c.good(),
                        c.total(),
                        c.offenders(),
                        now));
            }
        }
        changed.clear();
        return out;
    }

    /** Marks this instance's hour starting at {@code hour} to be published again (its last write failed). */
    public synchronized void markChanged(Instant hour) {
        changed.add(hourOf(hour));
    }

    /** Forgets hours that ended before {@code before}. */
    public synchronized void prune(Instant before) {
        hours.headMap(hourOf(before) - Duration.ofHours(1).toSeconds(), true).clear();
    }

    /** Hour records held (every instance), for sizing. */
    public synchronized int records() {
        return hours.values().stream().mapToInt(Map::size).sum();
    }

    static long hourOf(Instant t) {
        return t.truncatedTo(ChronoUnit.HOURS).getEpochSecond();
    }

    static int minuteOf(Instant t) {
        return (int) ((t.getEpochSecond() - hourOf(t)) / 60);
    }
}
