package io.syncmeter.rgw.lint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.syncmeter.rgw.internal.RookManifestReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The {@code lint} command: {@code lint [--format text|json] PATH...} reads the Rook manifests of
 * the files given and of the {@code *.yaml}/{@code *.yml} files under the directories given, lints
 * them together and prints the findings. Plain Java: it starts neither Quarkus nor anything else.
 * Exit status {@link #PASSED} without error findings, {@link #FAILED} with, {@link #USAGE} on bad
 * usage, an unreadable file or malformed YAML (the message names the file).
 */
public final class LintCommand {

    /** No error findings. */
    public static final int PASSED = 0;
    /** At least one error finding. */
    public static final int FAILED = 1;
    /** Bad usage, an unreadable file or malformed manifests. */
    public static final int USAGE = 2;

    static final String HELP = """
            Usage: lint [--format text|json] PATH...

            Checks Rook RGW multisite manifests (CephObjectRealm, CephObjectZoneGroup, CephObjectZone,
            CephObjectStore) for a zone where more than one gateway runs the sync, scaled client stores
            that run the sync, zone endpoints that reach gateways without the sync, and zones where no
            gateway runs it. PATH is a manifest file, or a directory searched for *.yaml and *.yml files.
            Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable manifests.
            """;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LintCommand() {}

    /**
     * Runs the command.
     *
     * @param args the arguments after {@code lint}
     * @return the exit status
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String format = "text";
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help")) {
                out.print(HELP);
                return PASSED;
            } else if (a.equals("--format") || a.startsWith("--format=")) {
                if (a.equals("--format")) {
                    if (i + 1 >= args.size()) {
                        return usage(err, "--format needs a value: text or json");
                    }
                    format = args.get(++i);
                } else {
                    format = a.substring("--format=".length());
                }
                if (!format.equals("text") && !format.equals("json")) {
                    return usage(err, "unknown format '" + format + "': text or json");
                }
            } else if (a.startsWith("-") && a.length() > 1) {
                return usage(err, "unknown option '" + a + "'");
            } else {
                paths.add(Path.of(a));
            }
        }
        if (paths.isEmpty()) {
            return usage(err, "no manifests given");
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
        return report.passes() ? PASSED : FAILED;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("lint: " + problem);
        err.print(HELP);
        return USAGE;
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

    private static void printText(LintReport report, int files, PrintStream out) {
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
