package io.syncmeter.bench.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time from Linux's {@code /proc}: this process's own, and that of its children which ended and
 * were waited for (how the CPU of a short-lived child such as {@code rclone} is measured whole, up to
 * its last tick). Stateless.
 */
public final class CpuTime {

    /** Linux's USER_HZ, the unit of {@code /proc/PID/stat} times, on every architecture it runs on. */
    private static final int TICKS_PER_SECOND = 100;

    private CpuTime() {}

    /** User plus system CPU of this process so far. */
    public static Duration self() {
        return ProcessHandle.current().info().totalCpuDuration().orElseGet(() -> ticks(11, 12));
    }

    /** User plus system CPU of this process's ended and waited-for children so far. */
    public static Duration endedChildren() {
        return ticks(13, 14);
    }

    /** Fields {@code a} and {@code b} of the line after the command name (field 3 is index 0). */
    private static Duration ticks(int a, int b) {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the command name may hold spaces and parentheses: the fields start after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long ticks = Long.parseLong(f[a]) + Long.parseLong(f[b]);
            return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
        } catch (IOException e) {
            throw new UncheckedIOException("CPU times need Linux's /proc/self/stat", e);
        }
    }
}
