package io.syncmeter;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.syncmeter.alerts.RulesCommand;
import io.syncmeter.bench.BenchApplication;
import io.syncmeter.bench.BenchCommand;
import io.syncmeter.bench.CopyBenchCommand;
import io.syncmeter.process.HelpOption;
import io.syncmeter.rgw.lint.LintCommand;
import io.syncmeter.sync.ResyncCommand;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The entry point: one command-line parser (picocli) for every command. No command, or {@code
 * serve}, starts the service; {@code lint} and {@code rules} run in plain Java and exit without
 * starting Quarkus, Kafka or the embedded sites; {@code --help} prints usage; an unknown command or
 * option prints the problem and usage to standard error and exits 2, and starts nothing.
 */
@QuarkusMain
@Command(
        name = "syncmeter",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Measures, proves and enforces cross-site replication of S3 object stores.",
            "Without a command, runs the service (as 'serve')."
        },
        subcommands = {
            Main.Serve.class,
            LintCommand.class,
            RulesCommand.class,
            ResyncCommand.class,
            BenchCommand.class,
            CopyBenchCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "1:the command failed (see its help)", "2:bad usage"})
public final class Main implements Callable<Integer> {

    /** Exit status of bad usage. */
    public static final int USAGE = 2;

    @Mixin
    HelpOption help;

    private boolean serve;

    private Main() {}

    /** Runs the command the arguments name; starts the service for none or {@code serve}. */
    public static void main(String... args) {
        Main main = new Main();
        CommandLine cl = commandLine(main, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        int status = cl.execute(args);
        if (main.serve && status == 0) {
            Quarkus.run();
            return;
        }
        var bench = benchRequest(cl);
        if (bench.isPresent() && status == 0) {
            BenchApplication.prepare(bench.get());
            Quarkus.run(BenchApplication.class, args);
            return;
        }
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs a command line without starting the service: for tests of the parser and the commands.
     *
     * @return the exit status, or -1 when the command line would start the service (or a benchmark run in
     *     it)
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        Main main = new Main();
        CommandLine cl = commandLine(main, out, err);
        int status = cl.execute(args);
        return (main.serve || benchRequest(cl).isPresent()) && status == 0 ? -1 : status;
    }

    // the run a `bench` command line asks for, once checked
    private static java.util.Optional<BenchCommand.Request> benchRequest(CommandLine cl) {
        return cl.getSubcommands().get("bench").<BenchCommand>getCommand().request();
    }

    private static CommandLine commandLine(Main main, PrintWriter out, PrintWriter err) {
        // picocli's own exit codes: 2 for bad usage, 1 when a command throws
        CommandLine cl = new CommandLine(main).setOut(out).setErr(err);
        // an unknown word where a command belongs is an error, even before --help: `bench --help`
        // must not print the top-level help as if it were a command (this parser only; commands keep
        // options after their operands)
        cl.getCommandSpec().parser().stopAtPositional(true);
        // the problem, picocli's "did you mean", and always the usage (picocli leaves the usage out when
        // it has a suggestion)
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter e = c.getErr();
            e.println(ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, e);
            c.usage(e);
            return USAGE;
        });
        return cl;
    }

    @Override
    public Integer call() {
        serve = true;
        return 0;
    }

    /** {@code serve}: the service (also what no command does). */
    @Command(
            name = "serve",
            mixinStandardHelpOptions = false,
            description = {
                "Runs the service: probe writers, collector, sync engine, SLA evaluation, HTTP API and metrics"
                        + " on 127.0.0.1:8080; with no site configured, on its embedded default (an in-process"
                        + " Kafka broker and two in-process S3 sites).",
                "Settings are syncmeter.* properties (application.properties, config/application.properties,"
                        + " environment, -D)."
            })
    static final class Serve implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @CommandLine.ParentCommand
        Main parent;

        @Override
        public Integer call() {
            parent.serve = true;
            return 0;
        }
    }
}
