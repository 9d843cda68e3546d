package io.syncmeter.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One mapping of a profile under validation, read field by field. Each reader returns the value when
 * it is there and within its bounds, and otherwise records a problem naming where the field came
 * from, its path and what is wrong, and returns empty, so that one pass finds every problem. An
 * absent field and a {@code null} one are alike: not given. Not thread-safe.
 */
final class Section {

    private final ProfileTree tree;
    private final String path;
    private final ObjectNode node;
    private final List<String> problems;

    /**
     * Opens a mapping and reports each field it does not know.
     *
     * @param known the fields it may have, in the order messages list them
     */
    Section(ProfileTree tree, String path, ObjectNode node, List<String> problems, List<String> known) {
        this.tree = tree;
        this.path = path;
        this.node = node;
        this.problems = problems;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                problem(
                        field,
                        "unknown field (known" + (path.isEmpty() ? "" : " in " + path) + ": " + String.join(", ", known)
                                + ")");
            }
        }
    }

    /** The path of one of its fields. */
    String pathOf(String field) {
        return ProfileTree.join(path, field);
    }

    /** Whether a field is given. */
    boolean has(String field) {
        JsonNode n = node.get(field);
        return n != null && !n.isNull();
    }

    /** Records a problem with one of its fields (or, for {@code ""}, with the mapping itself). */
    void problem(String field, String message) {
        problemAt(field.isEmpty() ? path : pathOf(field), message);
    }

    private void problemAt(String at, String message) {
        problems.add(tree.origin(at) + ": " + (at.isEmpty() ? "" : at + ": ") + message);
    }

    /** Records a problem when a field is given that only makes sense otherwise. */
    void forbid(String field, String reason) {
        if (has(field)) {
            problem(field, reason);
        }
    }

    /**
     * Records a problem unless exactly one of two fields that exclude each other is given.
     *
     * @param choice what to give, said when both are
     * @param missingField the field to blame when neither is ({@code ""} for the mapping)
     * @param missing what to say then
     * @return whether exactly one is given
     */
    boolean exclusive(String first, String second, String choice, String missingField, String missing) {
        if (has(first) && has(second)) {
            // an override meant to switch forms meets the file's other form: say how to clear it
            problem(
                    second,
                    "not with " + first + " (" + origin(first) + "): " + choice + "; an override clears one"
                            + " with --set " + pathOf(first) + "=");
            return false;
        }
        if (!has(first) && !has(second)) {
            problem(missingField, missing);
            return false;
        }
        return true;
    }

    /** Records a problem when a field is absent. */
    void require(String field, String what) {
        if (!has(field)) {
            problem(field, "is required: " + what);
        }
    }

    /** A whole number from {@code min} to {@code max}. */
    Optional<Long> whole(String field, long min, long max) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode n = node.get(field);
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
            problem(field, "must be a whole number from " + min + " to " + max + ", was " + shown(n));
            return Optional.empty();
        }
        return Optional.of(n.asLong());
    }

    /** A whole number from {@code min} to {@code max} that fits an {@code int}. */
    Optional<Integer> count(String field, int min, int max) {
        return whole(field, min, max).map(Long::intValue);
    }

    /** A number from {@code min} to {@code max}. */
    Optional<Double> number(String field, double min, double max) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode n = node.get(field);
        if (!n.isNumber() || !(n.asDouble() >= min && n.asDouble() <= max)) {
            problem(
                    field,
                    "must be a number from " + ProfileSyntax.number(min) + " to " + ProfileSyntax.number(max) + ", was "
                            + shown(n));
            return Optional.empty();
        }
        return Optional.of(n.asDouble());
    }

    /** A duration from {@code min} to {@code max}. */
    Optional<Duration> duration(String field, Duration min, Duration max) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode n = node.get(field);
        Optional<Duration> d = n.isTextual() ? ProfileSyntax.duration(n.asText()) : Optional.empty();
        if (d.isEmpty() || d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
            problem(
                    field,
                    "must be a duration from " + ProfileSyntax.duration(min) + " to " + ProfileSyntax.duration(max)
                            + " (" + ProfileSyntax.DURATION_FORMS + "), was " + shown(n));
            return Optional.empty();
        }
        return d;
    }

    /** A size from {@code min} to {@code max} bytes. */
    Optional<Long> size(String field, long min, long max) {
        if (!has(field)) {
            return Optional.empty();
        }
        return size(node.get(field), field, min, max);
    }

    /** A size given as the node itself, for a field that may be a size or a mapping. */
    Optional<Long> size(JsonNode n, String field, long min, long max) {
        Optional<Long> bytes = n.isIntegralNumber() && n.canConvertToLong()
                ? Optional.of(n.asLong())
                : n.isTextual() ? ProfileSyntax.size(n.asText()) : Optional.empty();
        if (bytes.isEmpty() || bytes.get() < min || bytes.get() > max) {
            problem(
                    field,
                    "must be a size from " + ProfileSyntax.size(min) + " to " + ProfileSyntax.size(max) + " ("
                            + ProfileSyntax.SIZE_FORMS + "), was " + shown(n));
            return Optional.empty();
        }
        return bytes;
    }

    /** A text matching {@code pattern}; {@code rule} says what it must be. */
    Optional<String> text(String field, Pattern pattern, String rule) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode n = node.get(field);
        if (!n.isTextual() || !pattern.matcher(n.asText()).matches()) {
            problem(field, "must be " + rule + ", was " + shown(n));
            return Optional.empty();
        }
        return Optional.of(n.asText());
    }

    /** One of a set of names, mapped to its constant. */
    <E extends Enum<E>> Optional<E> choice(String field, E[] values, Function<E, String> name) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode n = node.get(field);
        for (E e : values) {
            if (n.isTextual() && name.apply(e).equals(n.asText())) {
                return Optional.of(e);
            }
        }
        problem(
                field,
                "must be one of "
                        + String.join(", ", Arrays.stream(values).map(name).toList()) + ", was " + shown(n));
        return Optional.empty();
    }

    /** A non-empty list of distinct texts each matching {@code pattern}, at most {@code max}. */
    Optional<List<String>> names(String field, Pattern pattern, String rule, int max) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode n = node.get(field);
        if (!n.isArray() || n.isEmpty() || n.size() > max) {
            problem(field, "must be a list of 1 to " + max + " names, was " + shown(n));
            return Optional.empty();
        }
        Set<String> names = new LinkedHashSet<>();
        boolean valid = true;
        for (int i = 0; i < n.size(); i++) {
            JsonNode item = n.get(i);
            String at = ProfileTree.join(pathOf(field), Integer.toString(i));
            if (!item.isTextual() || !pattern.matcher(item.asText()).matches()) {
                problemAt(at, "must be " + rule + ", was " + shown(item));
                valid = false;
            } else if (!names.add(item.asText())) {
                problemAt(at, "'" + item.asText() + "' is listed twice");
                valid = false;
            }
        }
        return valid ? Optional.of(List.copyOf(names)) : Optional.empty();
    }

    /** A nested mapping, opened with the fields it may have. */
    Optional<Section> section(String field, List<String> known) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode n = node.get(field);
        if (!(n instanceof ObjectNode mapping)) {
            problem(field, "must be a mapping of " + String.join(", ", known) + ", was " + shown(n));
            return Optional.empty();
        }
        return Optional.of(new Section(tree, pathOf(field), mapping, problems, known));
    }

    /** A non-empty list of mappings, at most {@code max}, each opened with the fields it may have. */
    Optional<List<Section>> sections(String field, int max, List<String> known) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode n = node.get(field);
        if (!n.isArray() || n.isEmpty() || n.size() > max) {
            problem(
                    field,
                    "must be a list of 1 to " + max + " mappings of " + String.join(", ", known) + ", was " + shown(n));
            return Optional.empty();
        }
        List<Section> items = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            String at = ProfileTree.join(pathOf(field), Integer.toString(i));
            if (n.get(i) instanceof ObjectNode mapping) {
                items.add(new Section(tree, at, mapping, problems, known));
            } else {
                problemAt(at, "must be a mapping of " + String.join(", ", known) + ", was " + shown(n.get(i)));
            }
        }
        return items.size() == n.size() ? Optional.of(items) : Optional.empty();
    }

    /** The raw value of a field, for fields of more than one form. */
    Optional<JsonNode> raw(String field) {
        return has(field) ? Optional.of(node.get(field)) : Optional.empty();
    }

    /** Where a field came from, for messages that point at a second place. */
    String origin(String field) {
        return tree.origin(pathOf(field));
    }

    // quoted text shows where a unit or a typo went; long values are cut so one field cannot flood
    private static String shown(JsonNode n) {
        String text = n.isTextual() ? "'" + n.asText() + "'" : n.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
