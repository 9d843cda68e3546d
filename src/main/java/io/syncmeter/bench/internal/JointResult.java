package io.syncmeter.bench.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One result from the results of a joint run's parties, each of which loaded sites of its own (one
 * per datacenter, say): the sites' figures and the replication directions side by side, as one run
 * at every site would have written them, and each party described in {@link RunResult#parties()}.
 * Parties that loaded the same site are refused: their latency percentiles cannot be merged from the
 * percentiles alone.
 *
 * <p>The merged result: the first member's syncmeter version and profile; the overrides every party
 * ran with; the earliest start and the latest end; the environment's sites as the party that loaded
 * each described it (the first that named it otherwise); the first member's machine with the CPU of
 * every party's load generator added up. Stateless.
 */
public final class JointResult {

    private JointResult() {}

    /** A party's result and its CSVs (file name to text, with its header), as its record carried them. */
    public record Part(String party, String run, RunResult result, Map<String, String> csv) {}

    /**
     * The merged result.
     *
     * @param parts the members' results in the members' order
     * @throws IllegalArgumentException when two parties loaded the same site
     */
    public static RunResult merge(List<Part> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no party's result to merge");
        }
        RunResult first = parts.get(0).result();
        Map<String, RunResult.SiteResult> sites = new LinkedHashMap<>();
        Map<String, String> loadedBy = new LinkedHashMap<>();
        Map<String, RunResult.SiteInfo> infos = new LinkedHashMap<>();
        List<ReplicationWatch.DirectionResult> replication = new ArrayList<>();
        List<RunResult.Party> parties = new ArrayList<>();
        List<String> overrides = new ArrayList<>(first.overrides());
        Instant start = first.start();
        Instant end = first.end();
        double cpu = 0;
        for (Part p : parts) {
            RunResult r = p.result();
            r.sites().forEach((site, figures) -> {
                String other = loadedBy.putIfAbsent(site, p.party());
                if (other != null) {
                    throw new IllegalArgumentException("site " + site + " was loaded by parties " + other + " and "
                            + p.party() + ": a joint result merges parties that load different sites");
                }
                sites.put(site, figures);
            });
            for (RunResult.SiteInfo info : r.environment().sites()) {
                if (!infos.containsKey(info.name()) || r.sites().containsKey(info.name())) {
                    infos.put(info.name(), info);
                }
            }
            replication.addAll(r.replication());
            overrides.retainAll(r.overrides());
            start = r.start().isBefore(start) ? r.start() : start;
            end = r.end().isAfter(end) ? r.end() : end;
            cpu += r.environment().machine().cpuSeconds();
            parties.add(new RunResult.Party(
                    p.party(),
                    p.run(),
                    r.overrides(),
                    r.start(),
                    r.end(),
                    List.copyOf(r.sites().keySet()),
                    r.environment().machine()));
        }
        RunResult.Machine m = first.environment().machine();
        return new RunResult(
                RunResult.SCHEMA,
                first.syncmeter(),
                first.profile(),
                overrides,
                new RunResult.Environment(
                        List.copyOf(infos.values()),
                        new RunResult.Machine(m.os(), m.java(), m.cores(), m.maxHeapBytes(), cpu)),
                start,
                end,
                sites,
                replication,
                parties);
    }

    /**
     * The parties' CSVs as one per operation: the header once, then every party's rows (each names
     * its site) in the members' order. A party whose CSVs were too large for its record has none.
     */
    public static Map<String, String> csv(List<Part> parts) {
        Map<String, StringBuilder> out = new LinkedHashMap<>();
        for (Part p : parts) {
            if (p.csv() == null) {
                continue;
            }
            p.csv().forEach((file, text) -> {
                int eol = text.indexOf('\n');
                if (eol < 0) {
                    return;
                }
                StringBuilder b = out.computeIfAbsent(file, f -> new StringBuilder(text.substring(0, eol + 1)));
                b.append(text.substring(eol + 1));
                if (b.charAt(b.length() - 1) != '\n') {
                    b.append('\n');
                }
            });
        }
        Map<String, String> texts = new LinkedHashMap<>();
        out.forEach((f, b) -> texts.put(f, b.toString()));
        return texts;
    }
}
