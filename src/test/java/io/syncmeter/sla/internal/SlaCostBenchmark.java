package io.syncmeter.sla.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.syncmeter.collector.LagEstimate;
import io.syncmeter.collector.Outcome;
import io.syncmeter.collector.ProbeResult;
import io.syncmeter.probe.ProbeAttempt;
import io.syncmeter.probe.ProbeWritten;
import io.syncmeter.sla.Objective;
import io.syncmeter.sla.Scope;
import io.syncmeter.sla.SlaReport;
import io.syncmeter.sla.ThresholdEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What SLA evaluation costs per probe, with the default objectives against none: the work the SLA
 * adds to the collector's and writers' threads for each probe (one write attempt judged for the
 * write-availability objective, one outcome judged for the replication and freshness objectives),
 * and what the scheduler's periodic work costs over 30 days of state (recomputing every series'
 * figures, building the {@code /api/sla} report, draining the changed hours to write).
 *
 * <p>The probes are built the same way in both cases, so the difference between {@code
 * objectives=default} and {@code objectives=none} is the SLA's own cost. Run with {@code
 * scripts/bench-jmh.sh SlaCost}; BENCHMARKS.md turns the figures into CPU at 1,000 probes/s.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m"})
public class SlaCostBenchmark {

    static final List<String> SITES = List.of("dc1", "dc2");
    static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final int KEYS = 1 << 16;

    static List<Objective> objectives(String set) {
        return switch (set) {
            case "default" -> ObjectiveResolver.defaults(new ObjectiveResolver.Context(SITES, Duration.ofMinutes(20)));
            case "none" -> List.of();
            default -> throw new IllegalArgumentException("objectives: default or none, was " + set);
        };
    }

    static Ledger ledger(List<Objective> objectives) {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        Ledger ledger = new Ledger(
                objectives,
                "bench",
                10,
                List.of(Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(6)),
                // as in the application: Quarkus hands out a composite registry over the Prometheus one
                new CompositeMeterRegistry().add(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
                e -> serialise(json, e));
        return ledger;
    }

    private static void serialise(ObjectMapper json, ThresholdEvent e) {
        try {
            // what SlaEvaluator does before it hands the event to Kafka
            json.writeValueAsString(e);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The per-probe path: a fresh ledger every iteration, so its state stays as small as in a day. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Probes {
        /** {@code default}: the default set (freshness, probe-writes, replication); {@code none}: no objectives. */
        @Param({"default", "none"})
        public String objectives;

        /** The share of probes slower than the replication threshold (each makes two threshold events). */
        @Param({"0", "0.01"})
        public double lateShare;

        Judge judge;
        String[] keys;
        long[] lagMillis;
        boolean[] late;
        long seq;

        @Setup(Level.Iteration)
        public void setUp() {
            List<Objective> set = objectives(objectives);
            Ledger ledger = ledger(set);
            judge = new Judge(set, ledger);
            ledger.attach(judge);
            keys = new String[KEYS];
            lagMillis = new long[KEYS];
            late = new boolean[KEYS];
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < KEYS; i++) {
                keys[i] = "syncmeter-probes/dc1/" + (START.toEpochMilli() + i) + "-w1-" + String.format("%012d", i);
                late[i] = random.nextDouble() < lateShare;
                // a lognormal lag with a 150 ms median, like the embedded default's; the late ones past 15 min
                lagMillis[i] = late[i]
                        ? Duration.ofMinutes(16).toMillis()
                        : Math.round(150 * Math.exp(0.8 * random.nextGaussian()));
            }
            seq = 0;
        }
    }

    /**
     * One probe at 1,000 probes/s of simulated time: its write attempt at its origin and its outcome
     * at the other site.
     */
    @Benchmark
    public void probe(Probes s) {
        long n = s.seq++;
        int i = (int) (n & (KEYS - 1));
        Instant slot = START.plusMillis(n);
        Instant acked = slot.plusMillis(20);
        String origin = SITES.get((int) (n & 1));
        String target = SITES.get((int) ((n + 1) & 1));
        s.judge.attempted(new ProbeAttempt(origin, s.keys[i], ProbeAttempt.Outcome.ACKNOWLEDGED, slot, acked, null));
        ProbeWritten p = new ProbeWritten(
                ProbeWritten.SCHEMA, origin, "b", s.keys[i], "w1", n, 1024, "e", "m", "s", slot, acked);
        Duration lag = Duration.ofMillis(s.lagMillis[i]);
        s.judge.resolved(new ProbeResult(
                p,
                target,
                s.late[i] ? Outcome.LATE : Outcome.REPLICATED,
                new LagEstimate(lag, lag),
                acked.plus(lag),
                "list"));
    }

    /** 30 days of every default series, one minute after another, as after a month of running. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Month {
        List<Objective> set;
        Ledger ledger;
        Instant now;

        @Setup(Level.Trial)
        public void setUp() {
            set = objectives("default");
            ledger = ledger(set);
            Judge judge = new Judge(set, ledger);
            ledger.attach(judge);
            now = START.plus(Duration.ofDays(30));
            for (Instant t = START.plusSeconds(30); t.isBefore(now); t = t.plusSeconds(60)) {
                for (Objective o : set) {
                    for (Scope scope : o.scopes()) {
                        // a few events a minute is enough to make every minute of every hour record used
                        ledger.counted(o, scope, true, t, null);
                        ledger.counted(o, scope, t.getEpochSecond() % 7 != 0, t, null);
                    }
                }
            }
            ledger.drainChanged(now);
        }
    }

    /** The scheduler's recomputation of every series' figures (every 5 s by default). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object evaluateMonth(Month m) {
        m.ledger.evaluate(m.now);
        return m.ledger;
    }

    /** One {@code GET /api/sla} over 30 days, before JSON. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<SlaReport.ObjectiveReport> reportMonth(Month m) {
        return m.ledger.report(m.now);
    }

    /** One flush (every 5 s by default): the current hour of each series changed and is drained. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<Ledger.Change> flush(Month m) {
        Instant t = m.now.minusSeconds(10);
        for (Objective o : m.set) {
            for (Scope scope : o.scopes()) {
                m.ledger.counted(o, scope, true, t, null);
            }
        }
        return m.ledger.drainChanged(m.now);
    }
}
