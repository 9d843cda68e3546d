package io.syncmeter.bench;

import io.quarkus.arc.Arc;
import io.quarkus.runtime.QuarkusApplication;
import io.syncmeter.bench.internal.ProgressPrinter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The command line's {@code bench} once Quarkus runs: starts the run {@link BenchCommand} checked with
 * {@link BenchRuns}, shows its progress, prints its figures and exits. Quarkus runs it with only the
 * benchmark enabled ({@link #PROPERTIES}). Ctrl-C shuts Quarkus down, which cancels the run and
 * awaits its cleanup ({@link BenchRuns}).
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
        PROPERTIES.forEach((k, v) -> {
            // log levels stay the user's when set; the rest is not a choice in a benchmark
            if (!k.startsWith("quarkus.log.") || System.getProperty(k) == null) {
                System.setProperty(k, v);
            }
        });
    }

    @Override
    public int run(String... args) throws Exception {
        BenchCommand.Request r = Objects.requireNonNull(request, "prepare() first");
        PrintStream out = System.out;
        PrintStream err = System.err;
        BenchRuns runs = Arc.container().instance(BenchRuns.class).get();
        RunStatus status;
        try {
            status = runs.start(r.profile(), r.overrides(), r.out());
        } catch (BenchRuns.Invalid e) {
            err.println("bench: " + e.getMessage());
            return 2;
        } catch (BenchRuns.Busy e) {
            err.println("bench: " + e.getMessage());
            return 1;
        }
        boolean bar = r.progress() == BenchCommand.Progress.AUTO && System.console() != null;
        ProgressPrinter printer = new ProgressPrinter(out, bar);
        out.println(ProgressPrinter.header(status, r.profile()));
        while (!status.state().ended()) {
            status = runs.await(status.id(), ProgressPrinter.EVERY).orElseThrow();
            if (r.progress() != BenchCommand.Progress.NONE) {
                printer.print(status);
            }
        }
        printer.end();
        Path result = Path.of(status.results()).resolve("result.json");
        out.print(ProgressPrinter.summary(status, result));
        out.flush();
        return status.state() == RunStatus.State.DONE ? 0 : 1;
    }
}
