package io.syncmeter.bench;

import io.syncmeter.bench.internal.RunComparison;
import io.syncmeter.bench.internal.WorkloadLoader;
import io.syncmeter.process.HelpOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench PROFILE}: a benchmark run of a workload profile, from the command line. This command
 * only checks the command line and the profile (a bad profile names its file, line and field, and
 * exits 2 before anything starts); the run itself is {@link BenchApplication}'s, in the service's
 * runtime with only the benchmark enabled, so its sites are the service's (the embedded ones when none
 * is configured) and it runs exactly as a run the API starts.
 */
@Command(
        name = "bench",
        sortOptions = false,
        usageHelpAutoWidth = true,
        subcommands = {BenchCommand.Compare.class},
        description = {
            "Runs a workload profile at the configured sites (syncmeter.sites.*; with none, the embedded"
                    + " default's two in-process sites): throughput and latency per site and operation,"
                    + " written to --out as result.json, HdrHistogram interval logs, a CSV per operation and"
                    + " report.html. Everything the run writes at a site is under syncmeter-bench/<run-id>/ and"
                    + " is deleted when it ends, also when cancelled (Ctrl-C).",
            "With --join NAME --parties N, the run is one party of a joint run: runs started at once in"
                    + " several places (each loading its own sites) meet on the Kafka broker they share"
                    + " (kafka.bootstrap.servers), start their load together and merge their results into"
                    + " --out/joint/.",
            "'bench compare A B' compares two runs."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:the run ended as its profile says",
            "1:the run failed, was cancelled, or could not start (a site busy or unreachable)",
            "2:bad usage or a bad profile"
        })
public final class BenchCommand implements Callable<Integer> {

    /** What the run is to be, once the command line and the profile are good. */
    public record Request(
            WorkloadProfile profile,
            List<String> overrides,
            Optional<Path> out,
            Progress progress,
            Optional<JointRun> joint) {}

    /** How progress is shown. */
    public enum Progress {
        /** A bar on a terminal, lines otherwise. */
        AUTO,
        /** A line per interval. */
        LINES,
        /** Nothing until the end. */
        NONE
    }

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "PROFILE",
            description = "A workload profile: a name (probes/<name>.yaml here, then the shipped ones) or a"
                    + " path to a .yaml file.")
    String profile;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Overrides a profile field, e.g. --set duration=15s --set load.concurrency=64; an"
                    + " empty value removes the field. Repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "The result directory (default: bench-results/<run-id>, or"
                    + " syncmeter.bench.results-dir/<run-id>).")
    Path out;

    @Option(
            names = "--progress",
            paramLabel = "MODE",
            description = "auto (a bar on a terminal, lines otherwise), lines, or none (default: ${DEFAULT-VALUE}).",
            defaultValue = "auto")
    String progress;

    @Option(
            names = "--join",
            paramLabel = "NAME",
            description = "Makes this run a party of the joint run NAME (new for each joint run, the same at"
                    + " every party); needs --parties and a shared broker (kafka.bootstrap.servers).")
    String join;

    @Option(
            names = "--parties",
            paramLabel = "N",
            description = "How many parties the joint run has, this one included (2 to 64).")
    Integer parties;

    @Option(
            names = "--party",
            paramLabel = "NAME",
            description = "This party's name in the joint run (default: the run's id).")
    String party;

    private Request request;

    /** The run this command line asks for; empty until it was parsed and checked, or for {@code compare}. */
    public Optional<Request> request() {
        return Optional.ofNullable(request);
    }

    @Override
    public Integer call() {
        if (profile == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'PROFILE'");
        }
        Progress mode;
        try {
            mode = Progress.valueOf(progress.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "--progress must be auto, lines or none, was '" + progress + "'");
        }
        Optional<JointRun> joint = Optional.empty();
        if (join != null || parties != null || party != null) {
            List<String> problems = JointRun.problems(join, party, parties);
            if (!problems.isEmpty()) {
                throw new ParameterException(spec.commandLine(), String.join("; ", problems));
            }
            joint = Optional.of(new JointRun(join, party, parties));
        }
        PrintWriter err = spec.commandLine().getErr();
        WorkloadProfile p;
        try {
            p = WorkloadLoader.load(profile, overrides);
        } catch (WorkloadProfileException e) {
            err.println(e.getMessage());
            return 2;
        }
        request = new Request(p, List.copyOf(overrides), Optional.ofNullable(out), mode, joint);
        return 0;
    }

    /** {@code bench compare A B}. */
    @Command(
            name = "compare",
            sortOptions = false,
            usageHelpAutoWidth = true,
            description = {
                "Compares two benchmark runs per site, operation and measure (throughput, latency percentiles),"
                        + " and says which differences are beyond the runs' own noise (their interval-to-interval"
                        + " spread). Prints a Markdown table."
            },
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:compared", "1:a run's results could not be read", "2:bad usage"})
    static final class Compare implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        HelpOption help;

        @Parameters(index = "0", paramLabel = "A", description = "A run's directory or its result.json.")
        Path a;

        @Parameters(index = "1", paramLabel = "B", description = "The other run's.")
        Path b;

        @Override
        public Integer call() {
            try {
                List<RunComparison.Row> rows = RunComparison.compare(a, b);
                spec.commandLine().getOut().print(RunComparison.table(rows, "A", "B"));
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("bench compare: " + e.getMessage());
                return 1;
            }
        }
    }
}
