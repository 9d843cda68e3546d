package io.syncmeter.rgw.lint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.syncmeter.process.HelpOption;
import io.syncmeter.rgw.internal.RookManifestReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code lint} command: {@code lint [--format text|json] PATH...} reads the Rook manifests of
 * the files given and of the {@code *.yaml}/{@code *.yml} files under the directories given, lints
 * them together and prints the findings. Plain Java: it starts neither Quarkus nor anything else.
 * Exit status {@link #PASSED} without error findings, {@link #FAILED} with, {@link #USAGE} on bad
 * usage, an unreadable file or malformed YAML (the message names the file).
 */
@Command(
        name = "lint",
        sortOptions = false,
        usageHelpAutoWidth = true,
        customSynopsis = "syncmeter lint [--format text|json] PATH...",
        description = {
            "Checks Rook RGW multisite manifests (CephObjectRealm, CephObjectZoneGroup, CephObjectZone,"
                    + " CephObjectStore) for a zone where more than one gateway runs the sync, scaled client"
                    + " stores that run the sync, zone endpoints that reach gateways without the sync, and"
                    + " zones where no gateway runs it."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:no errors", "1:errors found", "2:bad usage or unreadable manifests"})
public final class LintCommand implements Callable<Integer> {

    /** No error findings. */
    public static final int PASSED = 0;
    /** At least one error finding. */
    public static final int FAILED = 1;
    /** Bad usage, an unreadable file or malformed manifests. */
    public static final int USAGE = 2;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(
            names = "--format",
            paramLabel = "text|json",
            defaultValue = "text",
            description = "Print the findings as text (default) or as JSON.")
    String format;

    @Parameters(
            paramLabel = "PATH",
            arity = "1..*",
            description = "A manifest file, or a directory searched for *.yaml and *.yml files.")
    List<Path> paths = new ArrayList<>();

    /**
     * Runs the command alone (as {@code lint ARGS...}).
     *
     * @param args the arguments after {@code lint}
     * @return the exit status
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        int status = new CommandLine(new LintCommand()).setOut(o).setErr(e).execute(args.toArray(String[]::new));
        o.flush();
        e.flush();
        return status;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("text") && !format.equals("json")) {
            err.println("lint: unknown format '" + format + "': text or json");
            spec.commandLine().usage(err);
            return USAGE;
        }
        List<RookObject> objects = new ArrayList<>();
        int files = 0;
        try {
            for (Path path : paths) {
                List<Path> found = manifests(path);
                for (Path file : found) {
                    objects.addAll(RookManifestReader.read(file.toString(), read(file)));
                }
                files += found.size();
            }
        } catch (InvalidManifestException e) {
            err.println("lint: " + e.getMessage());
            return USAGE;
        }
        LintReport report = RookTopologyLint.lint(objects);
        if (format.equals("json")) {
            try {
                out.println(JSON.writeValueAsString(report));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            printText(report, files, out);
        }
        out.flush();
        return report.passes() ? PASSED : FAILED;
    }

    private static List<Path> manifests(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new InvalidManifestException(path + ": no such file or directory");
        }
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return name.endsWith(".yaml") || name.endsWith(".yml");
                    })
                    .sorted()
                    .toList();
            if (files.isEmpty()) {
                throw new InvalidManifestException(path + ": no *.yaml or *.yml file in this directory");
            }
            return files;
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidManifestException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new InvalidManifestException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new InvalidManifestException(file + ": cannot read: " + e, e);
        }
    }

    private static void printText(LintReport report, int files, PrintWriter out) {
        for (Finding f : report.findings()) {
            out.println(f.severity().label().toUpperCase(Locale.ROOT) + " "
                    + f.rule().id() + ": " + f.resource()
                    + (f.zone() == null ? "" : " (zone " + f.zone() + ")")
                    + (f.source() == null ? "" : " at " + f.source()));
            out.println("  why: " + f.reason());
            out.println("  fix: " + f.fix());
            out.println();
        }
        out.println(report.errors() + (report.errors() == 1 ? " error, " : " errors, ") + report.warnings()
                + (report.warnings() == 1 ? " warning" : " warnings") + " in " + report.resources()
                + " Rook multisite resources from " + files + (files == 1 ? " file" : " files") + ": "
                + (report.passes() ? "passed" : "failed") + ".");
    }
}
