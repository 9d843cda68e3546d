package io.syncmeter.sla.internal;

import io.syncmeter.sla.Objective;
import io.syncmeter.sla.Offender;
import io.syncmeter.sla.Scope;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Instant;
import java.util.List;

/**
 * The heap the SLA state takes after 30 days, per series and hour: the default objectives at two
 * sites, every minute of 30 days counted ({@link SlaCostBenchmark.Month}), then ten worst offenders
 * per hour record. Heap used after full GCs, before and after, over the records held; a rough
 * figure (other allocations of the JVM move it by a few percent), printed for the README's sizing.
 * Run with {@code scripts/bench-jmh.sh --main io.syncmeter.sla.internal.SlaStateFootprint}.
 */
public final class SlaStateFootprint {

    private SlaStateFootprint() {}

    public static void main(String[] args) {
        List<Objective> set = SlaCostBenchmark.objectives("default");
        // the registry, JSON mapper and meters exist before the state is filled, outside the figure
        Ledger warm = SlaCostBenchmark.ledger(set);
        long before = usedAfterGc();
        SlaCostBenchmark.Month month = new SlaCostBenchmark.Month();
        month.setUp();
        long counts = usedAfterGc();
        int records = month.ledger.records();
        for (Objective o : set) {
            for (Scope scope : o.scopes()) {
                for (Instant t = SlaCostBenchmark.START.plusSeconds(30);
                        t.isBefore(month.now);
                        t = t.plusSeconds(360)) {
                    month.ledger.counted(o, scope, false, t, offender(t));
                }
            }
        }
        month.ledger.drainChanged(month.now);
        long withOffenders = usedAfterGc();
        System.out.printf(
                "SLA state, 30 days, %d series-hour records: %.0f B each with counts only, %.0f B more with 10"
                        + " worst offenders each; %.1f MiB in all%n",
                records,
                (counts - before) / (double) records,
                (withOffenders - counts) / (double) records,
                (withOffenders - before) / 1048576.0);
        Reference.reachabilityFence(warm);
    }

    private static Offender offender(Instant t) {
        return new Offender(
                "syncmeter-probes/dc1/" + t.toEpochMilli() + "-3aac36a6-000000000001", "missing", null, t, t);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
