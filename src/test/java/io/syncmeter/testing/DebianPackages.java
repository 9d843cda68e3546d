package io.syncmeter.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure the commands a test needs are installed, through {@code scripts/ensure-packages.sh}
 * (Debian's packages, installed with apt-get when a command is missing). Tests call it before they
 * start the command, so the README's test command needs nothing installed beforehand.
 */
public final class DebianPackages {

    private DebianPackages() {}

    /** Prometheus's {@code promtool} and {@code prometheus} (package {@code prometheus}). */
    public static void prometheus() {
        ensure(Map.of("promtool", "prometheus", "prometheus", "prometheus"));
    }

    /** Debian's Chromium and its chromedriver. */
    public static void chromium() {
        ensure(Map.of("chromium", "chromium", "chromedriver", "chromium-driver"));
    }

    /**
     * Installs the package of each command that is missing.
     *
     * @param commandToPackage command name → Debian package providing it
     * @throws IllegalStateException naming what failed, with the script's output
     */
    public static synchronized void ensure(Map<String, String> commandToPackage) {
        List<String> cmd = new ArrayList<>(List.of("bash", "scripts/ensure-packages.sh"));
        new TreeMap<>(commandToPackage).forEach((c, p) -> cmd.add(c + "=" + p));
        try {
            Path log = Files.createTempFile("ensure-packages", ".log");
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish within 15 minutes");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "):\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing packages", e);
        }
    }
}
