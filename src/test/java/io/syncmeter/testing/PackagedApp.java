package io.syncmeter.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.bench.internal.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts the packaged application ({@code mvn package} output) as a separate JVM, for *IT tests. */
public final class PackagedApp {

    /** The runnable jar {@code mvn package} builds. */
    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private PackagedApp() {}

    /**
     * Starts the application with these JVM arguments ({@code -D} properties); its output goes to
     * {@code log}. Only the arguments configure it: SYNCMETER_, QUARKUS_ and KAFKA_ variables of the
     * build's environment are removed. The caller destroys the process.
     */
    public static Process start(Path log, List<String> jvmArguments) throws IOException {
        return start(log, jvmArguments, List.of());
    }

    /** Like {@link #start(Path, List)}, with arguments for the application itself ({@code lint DIR}). */
    public static Process start(Path log, List<String> jvmArguments, List<String> programArguments) throws IOException {
        assertThat(JAR).as("run `mvn package` first: the packaged application").isRegularFile();
        ProcessBuilder builder = ChildJvm.builder(JAR, jvmArguments, programArguments, log);
        return builder.start();
    }

    /** What a command of the packaged application did: its exit status and its output (stdout and stderr). */
    public record Run(int status, String output) {}

    /**
     * Runs a command of the packaged application ({@code lint DIR}, {@code rules}, {@code --help})
     * and waits for it to end, at most {@code within}.
     */
    public static Run command(Path dir, Duration within, String... arguments) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "command", ".log");
        Process process = start(log, List.of(), List.of(arguments));
        try {
            assertThat(process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS))
                    .as("%s ends within %s", String.join(" ", arguments), within)
                    .isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
