package io.syncmeter.process;

import picocli.CommandLine.Option;

/**
 * The {@code -h}/{@code --help} option every command of the command line has: a picocli mixin
 * ({@code @Mixin HelpOption help;}), so usage help is declared once.
 */
public final class HelpOption {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;
}
