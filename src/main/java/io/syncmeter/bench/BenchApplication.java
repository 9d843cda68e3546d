package io.syncmeter.bench;

import io.quarkus.arc.Arc;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.ShutdownEvent;
import io.syncmeter.bench.internal.ProgressPrinter;
import io.syncmeter.bench.internal.RunPrefix;
import jakarta.enterprise.event.Observes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The command line's {@code bench} once Quarkus runs: starts the run {@link BenchCommand} checked with
 * {@link BenchRuns}, shows its progress, prints its figures and exits. Quarkus runs it with only the
 * benchmark enabled ({@link #PROPERTIES}). Ctrl-C (SIGTERM) shuts Quarkus down, and the shutdown
 * cancels the run, awaits its cleanup and prints its summary ({@link #onShutdown}).
 *
 * <p>Lifecycle: {@link #prepare} once, before {@code Quarkus.run(BenchApplication.class)}; Quarkus
 * calls {@link #run} once on the main thread.
 */
public final class BenchApplication implements QuarkusApplication {

    /**
     * What Quarkus runs with for a benchmark, over any configuration: no probe writers, collector, sync,
     * SLA, lifecycle or RGW monitoring (they would add load the run does not measure), the HTTP server
     * on a free port, warnings only on the console (the run's own lines are the output).
     */
    public static final Map<String, String> PROPERTIES = Map.of(
            "syncmeter.probe.enabled", "false",
            "syncmeter.collector.enabled", "false",
            "syncmeter.sync.enabled", "false",
            "syncmeter.sla.enabled", "false",
            "syncmeter.lifecycle.enabled", "false",
            "syncmeter.rgw.enabled", "false",
            "quarkus.http.port", "0",
            "quarkus.log.console.level", "WARN",
            // the embedded broker's warnings of its own start and stop are not the run's
            "quarkus.log.category.\"org.apache.kafka\".level", "ERROR");

    private static volatile BenchCommand.Request request;

    /** Sets the run to make and the properties Quarkus is to run with. */
    public static void prepare(BenchCommand.Request r) {
        request = Objects.requireNonNull(r);
        boolean replicating = r.profile().replication().mode() != WorkloadProfile.ReplicationMode.NONE;
        if (replicating) {
            // the embedded sites replicate only through the sync engine: a replication run keeps it
            // (sites that replicate themselves send it no changes), without a full sync of the buckets
            // at its start
            System.setProperty("syncmeter.sync.resync.on-start", "false");
        }
        PROPERTIES.forEach((k, v) -> {
            if (replicating && k.equals("syncmeter.sync.enabled")) {
                return;
            }
            // log levels stay the user's when set; the rest is not a choice in a benchmark
            if (!k.startsWith("quarkus.log.") || System.getProperty(k) == null) {
                System.setProperty(k, v);
            }
        });
    }

    // the run this command follows, and whether its summary was printed: read by the shutdown hook's
    // thread as well as main
    private volatile BenchRuns.Watch watch;
    private volatile ProgressPrinter printer;
    private boolean summarised;

    @Override
    public int run(String... args) throws Exception {
        BenchCommand.Request r = Objects.requireNonNull(request, "prepare() first");
        PrintStream out = System.out;
        PrintStream err = System.err;
        BenchRuns runs = Arc.container().instance(BenchRuns.class).get();
        RunStatus status;
        try {
            status = runs.start(r.profile(), r.overrides(), r.out(), r.joint());
        } catch (BenchRuns.Invalid e) {
            err.println("bench: " + e.getMessage());
            return 2;
        } catch (BenchRuns.Busy e) {
            err.println("bench: " + e.getMessage());
            return 1;
        }
        boolean bar = r.progress() == BenchCommand.Progress.AUTO && System.console() != null;
        printer = new ProgressPrinter(out, bar);
        out.println(ProgressPrinter.header(status, r.profile()));
        watch = runs.watch(status.id()).orElseThrow();
        while (!status.state().ended()) {
            status = watch.await(ProgressPrinter.EVERY);
            if (r.progress() != BenchCommand.Progress.NONE) {
                printer.print(status);
            }
        }
        summarise(status);
        return status.state() == RunStatus.State.DONE ? 0 : 1;
    }

    /**
     * A signal (Ctrl-C, SIGTERM) shuts Quarkus down from the JVM's shutdown hook, which halts the JVM
     * once it returns, whatever main is doing: so the run is cancelled, its cleanup awaited and its
     * summary printed here, before the beans (and the embedded sites) go. After a normal end the
     * summary is already printed and nothing is left to do.
     */
    void onShutdown(@Observes ShutdownEvent event) throws InterruptedException {
        BenchRuns.Watch w = watch;
        if (w == null || w.status().state().ended()) {
            return;
        }
        System.err.println("bench: stopping: the run is cancelled, its cleanup runs");
        w.cancel();
        RunStatus status = w.await(BenchRuns.SHUTDOWN_WAIT);
        if (status.state().ended()) {
            summarise(status);
        } else {
            System.err.println("bench: the cleanup did not end within " + BenchRuns.SHUTDOWN_WAIT.toSeconds()
                    + " s; objects may be" + " left under " + RunPrefix.ROOT + status.id() + "/");
        }
    }

    private synchronized void summarise(RunStatus status) {
        if (summarised) {
            return;
        }
        summarised = true;
        printer.end();
        PrintStream out = System.out;
        out.print(ProgressPrinter.summary(status, Path.of(status.results()).resolve("result.json")));
        if (status.joint() != null) {
            out.print(ProgressPrinter.joint(status.joint()));
        }
        out.flush();
    }
}
