package io.syncmeter;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.syncmeter.rgw.lint.LintCommand;
import java.util.Arrays;

/**
 * The entry point. {@code lint ...} runs the Rook topology lint ({@link LintCommand}) in plain Java
 * and exits, without starting Quarkus, Kafka or the embedded sites; any other command line starts
 * the application.
 */
@QuarkusMain
public final class Main {

    private Main() {}

    /** Runs the lint when the first argument is {@code lint}, the application otherwise. */
    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("lint")) {
            int status = LintCommand.run(Arrays.asList(args).subList(1, args.length), System.out, System.err);
            System.out.flush();
            System.exit(status);
        }
        Quarkus.run(args);
    }
}
