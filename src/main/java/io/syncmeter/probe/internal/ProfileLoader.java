package io.syncmeter.probe.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.syncmeter.probe.ProbeProfile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads probe profiles from YAML. A profile reference is a name ({@code probes/<name>.yaml} in the
 * working directory, then inside the application) or a path to a file. Every problem is reported
 * with the file and field it concerns. Stateless and thread-safe.
 */
public final class ProfileLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
    private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*");
    private static final Set<String> FIELDS =
            Set.of("name", "description", "rate-per-second", "object-sizes", "key-prefix", "thresholds");

    private ProfileLoader() {}

    /**
     * Loads a profile.
     *
     * @param reference a profile name or a path to a YAML file
     * @throws IllegalArgumentException naming the file and field when the profile is invalid or absent
     */
    public static ProbeProfile load(String reference) {
        boolean isPath = reference.endsWith(".yaml") || reference.endsWith(".yml") || reference.contains("/");
        Path file = isPath ? Path.of(reference) : Path.of("probes", reference + ".yaml");
        try {
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    return parse(file.toString(), in);
                }
            }
            if (!isPath) {
                String resource = "probes/" + reference + ".yaml";
                try (InputStream in =
                        Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                    if (in != null) {
                        return parse("classpath:" + resource, in);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "syncmeter.probe.profile: cannot read " + file + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("syncmeter.probe.profile: no profile '" + reference + "' (looked for "
                + file.toAbsolutePath() + (isPath ? "" : " and probes/" + reference + ".yaml inside the application")
                + ")");
    }

    /** Parses and validates one profile document; {@code source} names it in messages. */
    public static ProbeProfile parse(String source, InputStream yaml) throws IOException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": a profile is a YAML mapping");
        }
        if (root.path("kind").asText("").equals("workload")) {
            // probes/ holds workload profiles too: name what this one is rather than report an unknown field
            throw new IllegalArgumentException("Invalid probe profile:\n  - " + source
                    + ": kind: workload makes this a workload profile (for benchmark runs); a probe profile has no"
                    + " kind");
        }
        List<String> errors = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                errors.add(source + ": unknown field '" + field + "' (known: " + FIELDS + ")");
            }
        }
        String name = text(root, "name", source, errors);
        String description = root.path("description").asText("");
        double rate = root.path("rate-per-second").asDouble(Double.NaN);
        if (!(rate > 0) || rate > 10_000) {
            errors.add(source + ": rate-per-second must be a number above 0 and at most 10000, was "
                    + root.path("rate-per-second"));
        }
        List<Integer> sizes = new ArrayList<>();
        JsonNode sizeNode = root.path("object-sizes");
        if (!sizeNode.isArray() || sizeNode.isEmpty()) {
            errors.add(source + ": object-sizes must be a non-empty list of byte counts");
        } else {
            for (JsonNode n : sizeNode) {
                if (!n.canConvertToInt()
                        || n.asInt() < ProbeProfile.MIN_OBJECT_SIZE
                        || n.asInt() > ProbeProfile.MAX_OBJECT_SIZE) {
                    errors.add(source + ": object-sizes: " + n + " must be a whole number of bytes from "
                            + ProbeProfile.MIN_OBJECT_SIZE + " to " + ProbeProfile.MAX_OBJECT_SIZE);
                } else {
                    sizes.add(n.asInt());
                }
            }
        }
        String prefix = text(root, "key-prefix", source, errors);
        if (prefix != null && !KEY_PREFIX.matcher(prefix).matches()) {
            errors.add(
                    source + ": key-prefix '" + prefix
                            + "' must be path segments of letters, digits and !_.*'()- separated by '/', without leading or trailing '/'");
        }
        JsonNode thresholds = root.path("thresholds");
        Duration late = duration(thresholds, "late", source, errors);
        Duration giveUp = duration(thresholds, "give-up", source, errors);
        if (late != null && giveUp != null && giveUp.compareTo(late) <= 0) {
            errors.add(source + ": thresholds.give-up (" + giveUp + ") must be longer than thresholds.late (" + late
                    + ")");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("Invalid probe profile:\n  - " + String.join("\n  - ", errors));
        }
        return new ProbeProfile(name, description, rate, sizes, prefix, late, giveUp);
    }

    private static String text(JsonNode root, String field, String source, List<String> errors) {
        JsonNode n = root.path(field);
        if (!n.isTextual() || n.asText().isBlank()) {
            errors.add(source + ": " + field + " is required");
            return null;
        }
        return n.asText();
    }

    private static Duration duration(JsonNode parent, String field, String source, List<String> errors) {
        JsonNode n = parent.path(field);
        if (n.isMissingNode() || n.isNull()) {
            errors.add(source + ": thresholds." + field + " is required");
            return null;
        }
        try {
            Duration d = parseDuration(n.asText());
            if (d.isNegative() || d.isZero()) {
                errors.add(source + ": thresholds." + field + " must be positive, was " + n.asText());
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            errors.add(source + ": thresholds." + field + ": " + e.getMessage());
            return null;
        }
    }

    /** Parses {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT10S}). */
    public static Duration parseDuration(String text) {
        String t = text.trim();
        Matcher m = SIMPLE_DURATION.matcher(t);
        if (m.matches()) {
            double value = Double.parseDouble(m.group(1));
            double unitMillis = switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            };
            return Duration.ofNanos(Math.round(value * unitMillis * 1_000_000));
        }
        try {
            return Duration.parse(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 250ms, 10s, 5m, PT1H)");
        }
    }
}
