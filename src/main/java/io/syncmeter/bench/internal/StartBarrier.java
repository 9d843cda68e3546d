package io.syncmeter.bench.internal;

import io.syncmeter.bench.JointRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The start barrier of a joint run, decided from the {@link RunEvent#READY} records its parties wrote
 * on the runs' topic, in the topic's order: the first {@code parties} distinct party names are the
 * joint run's members, and it starts {@link #LEAD} after the last of their records was written. Every
 * party reads the same records in the same order, so each decides the same members and the same start
 * instant without anything else to agree on; each then starts by its own clock (so the parties start
 * together as closely as their clocks agree: NTP keeps that within milliseconds).
 *
 * <p>A party that comes once the members are complete is refused (the joint run started without it),
 * as is a member that expects another number of parties or runs another profile. Stateless.
 */
public final class StartBarrier {

    /** How long after the last member's record the load starts: time for every member to read it. */
    public static final Duration LEAD = Duration.ofSeconds(3);

    /** The joint run cannot start as this party asked. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * The barrier's outcome once it closed.
     *
     * @param members the parties' names, in the order they came
     * @param runs each member's run id, by party name
     * @param start when the load starts
     */
    public record Meeting(List<String> members, Map<String, String> runs, Instant start) {}

    private StartBarrier() {}

    /**
     * The meeting, once {@code records} hold every member; empty while fewer have come.
     *
     * @param records the topic's records in their order; those of other joint runs and types are
     *     passed over
     * @param self this party (with its name)
     * @param profile the profile this party runs
     * @throws Refused when the meeting closed without this party, or a member disagrees on the number
     *     of parties or the profile
     */
    public static Optional<Meeting> decide(List<RunEvent> records, JointRun self, String profile) throws Refused {
        Map<String, RunEvent> first = new LinkedHashMap<>();
        for (RunEvent e : records) {
            if (RunEvent.READY.equals(e.type()) && self.name().equals(e.join()) && e.party() != null) {
                first.putIfAbsent(e.party(), e);
            }
            if (first.size() == self.parties()) {
                break;
            }
        }
        if (first.size() < self.parties()) {
            return Optional.empty();
        }
        if (!first.containsKey(self.party())) {
            throw new Refused("the joint run '" + self.name() + "' already started with its " + self.parties()
                    + " parties " + List.copyOf(first.keySet()) + " and without this one (" + self.party()
                    + "): give each joint run a new --join name");
        }
        Instant last = Instant.EPOCH;
        Map<String, String> runs = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (RunEvent e : first.values()) {
            if (e.parties() != self.parties()) {
                problems.add("party " + e.party() + " joined for " + e.parties() + " parties, this one (" + self.party()
                        + ") for " + self.parties());
            }
            if (!profile.equals(e.profile())) {
                problems.add("party " + e.party() + " runs profile " + e.profile() + ", this one (" + self.party()
                        + ") " + profile);
            }
            runs.put(e.party(), e.run());
            if (e.at() != null && e.at().isAfter(last)) {
                last = e.at();
            }
        }
        if (!problems.isEmpty()) {
            throw new Refused(
                    "the parties of the joint run '" + self.name() + "' disagree: " + String.join("; ", problems));
        }
        return Optional.of(new Meeting(List.copyOf(first.keySet()), Map.copyOf(runs), last.plus(LEAD)));
    }
}
