package io.syncmeter.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArguments);
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(programArguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("SYNCMETER_") || k.startsWith("QUARKUS_") || k.startsWith("KAFKA_"));
        return builder.start();
    }
}
