package io.syncmeter.bench.internal;

import io.quarkus.runtime.configuration.DurationConverter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How quantities are written in a workload profile, read and written back for messages: sizes in
 * bytes or with a unit ({@code 4KiB}, {@code 16MiB}, {@code 1GB}), durations as in the application's
 * configuration ({@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d}, {@code PT1H}).
 * Stateless.
 */
public final class ProfileSyntax {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,19}(?:\\.\\d{1,9})?)\\s*([KMGT]i?B|B)?");
    private static final Pattern DURATION_UNIT = Pattern.compile(".*\\d\\s*(?i:ms|s|m|h|d)|(?i:P.*)");
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB"};

    /** How sizes may be written, for messages. */
    public static final String SIZE_FORMS = "bytes, or with a unit: 512B, 4KiB, 16MiB, 1GiB, 1MB";

    /** How durations may be written, for messages. */
    public static final String DURATION_FORMS = "250ms, 10s, 5m, 1h, 1d, PT1H";

    private ProfileSyntax() {}

    /**
     * Reads a size; binary units ({@code KiB}) are powers of 1024, decimal ones ({@code KB}) of 1000.
     *
     * @return the whole number of bytes, or empty when the text is not a size or not a whole number
     *     of bytes
     */
    public static Optional<Long> size(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String unit = m.group(2) == null ? "B" : m.group(2);
        BigDecimal unitBytes = unit.equals("B")
                ? BigDecimal.ONE
                : unit.contains("i")
                        ? BigDecimal.valueOf(1024).pow(power(unit))
                        : BigDecimal.valueOf(1000).pow(power(unit));
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(unitBytes);
        try {
            return Optional.of(bytes.longValueExact());
        } catch (ArithmeticException notWholeOrTooLarge) {
            return Optional.empty();
        }
    }

    private static int power(String unit) {
        return "KMGT".indexOf(unit.charAt(0)) + 1;
    }

    /** Writes a size in the largest binary unit that divides it ({@code 5 GiB}, {@code 1500 B}). */
    public static String size(long bytes) {
        int unit = 0;
        long value = bytes;
        while (unit < BINARY.length - 1 && value != 0 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return value + " " + BINARY[unit];
    }

    /**
     * Reads a duration. A bare number is refused, though the configuration reads it as seconds: in
     * a profile a forgotten unit is more likely a mistake than a choice.
     *
     * @return the duration, or empty when the text is not one
     */
    public static Optional<Duration> duration(String text) {
        String t = text.trim();
        if (!DURATION_UNIT.matcher(t).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(DurationConverter.parseDuration(t));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Writes a duration in the largest unit that divides it ({@code 24h}, {@code 90s}, {@code 250ms}). */
    public static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }

    /** Writes a number without a needless fraction ({@code 4096}, {@code 0.5}). */
    public static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
