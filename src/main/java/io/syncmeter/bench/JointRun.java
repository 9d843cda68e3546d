package io.syncmeter.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What makes a run one party of a joint run: runs started at once in several places (one per
 * datacenter, each loading its own sites) that meet on the Kafka topic {@code
 * syncmeter.bench.topic}, start their load together, and merge their results into one.
 *
 * @param name the joint run's name, the same at every party and new for each joint run
 * @param party this party's name, unique among the parties (by default the run's id)
 * @param parties how many parties the joint run has, this one included
 */
public record JointRun(String name, String party, int parties) {

    /** The most parties a joint run may have. */
    public static final int MAX_PARTIES = 64;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /**
     * What is wrong with these values, each naming its field as the command line does ({@code
     * --join}, {@code --party}, {@code --parties}); empty when nothing.
     */
    public static List<String> problems(String name, String party, Integer parties) {
        List<String> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("--join: a name of letters, digits, '.', '_' and '-' (1 to 100, starting with a letter"
                    + " or digit), was " + (name == null ? "missing" : "'" + name + "'"));
        }
        if (party != null && !NAME.matcher(party).matches()) {
            problems.add("--party: a name of letters, digits, '.', '_' and '-' (1 to 100), was '" + party + "'");
        }
        if (parties == null || parties < 2 || parties > MAX_PARTIES) {
            problems.add("--parties: from 2 to " + MAX_PARTIES + ", was " + (parties == null ? "missing" : parties));
        }
        return problems;
    }

    /** This with {@code party} when it has none. */
    public JointRun withPartyIfNone(String party) {
        return this.party != null ? this : new JointRun(name, party, parties);
    }
}
