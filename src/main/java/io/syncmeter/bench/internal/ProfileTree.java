package io.syncmeter.bench.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A profile document as a Jackson tree, with where each value came from: the file and line it was
 * read at, or the {@code --set} override that put it there. Paths are dotted field names with list
 * indices as segments ({@code object-size.sizes.0.weight}), the form overrides are written in. Not
 * thread-safe: one loader call builds, changes and reads it.
 */
final class ProfileTree {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper SCALARS = new ObjectMapper(YAML);
    // deeper than any profile; stops a hostile document from exhausting the stack
    private static final int MAX_DEPTH = 20;

    private final String source;
    private final ObjectNode root;
    private final Map<String, String> origins;
    private final List<String> problems;

    private ProfileTree(String source, ObjectNode root, Map<String, String> origins, List<String> problems) {
        this.source = source;
        this.root = root;
        this.origins = origins;
        this.problems = problems;
    }

    /**
     * Reads one YAML document.
     *
     * @param source the document's name in messages
     * @throws IllegalArgumentException naming the source when it is not YAML or not a mapping
     */
    static ProfileTree read(String source, InputStream yaml) {
        Map<String, String> origins = new HashMap<>();
        List<String> problems = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(source + ": a profile is a YAML mapping of fields");
            }
            JsonNode root = new Reader(source, parser, origins, problems).value("", 0);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException(source + ":" + line(parser) + ": one profile per file");
            }
            return new ProfileTree(source, (ObjectNode) root, origins, problems);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            int line = e instanceof JsonProcessingException j && j.getLocation() != null
                    ? j.getLocation().getLineNr()
                    : -1;
            throw new IllegalArgumentException(
                    source + (line > 0 ? ":" + line : "") + ": not valid YAML: " + summary(e), e);
        }
    }

    /** The document's root mapping. */
    ObjectNode root() {
        return root;
    }

    /** Problems found while reading (duplicate fields), each already naming its place. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * Where the value at a path came from ({@code file:line} or {@code --set k=v}); for a path that is
     * not there, where the nearest mapping above it came from, since that is where it belongs.
     */
    String origin(String path) {
        for (String p = path; ; p = parent(p)) {
            String origin = origins.get(p);
            if (origin != null) {
                return origin;
            }
            if (p.isEmpty()) {
                return source;
            }
        }
    }

    /**
     * Applies an override {@code path=value} before validation, so the value meets the same checks
     * as one from the file. The value is read as a YAML flow value ({@code 32}, {@code 4KiB}, {@code
     * [dc1, dc2]}, {@code {min: 1KiB, max: 1MiB}}); an empty value or {@code null} removes the field,
     * so its default applies. Mappings on the way that are not there are made.
     *
     * @return the problem, naming the override, or empty when it was applied
     */
    Optional<String> override(String assignment) {
        String origin = "--set " + assignment;
        int eq = assignment.indexOf('=');
        if (eq < 0) {
            return Optional.of(origin + ": an override is key=value (e.g. duration=15s, load.concurrency=32)");
        }
        String path = assignment.substring(0, eq).trim();
        String[] segments = path.split("\\.", -1);
        for (String segment : segments) {
            if (segment.isBlank()) {
                return Optional.of(origin + ": '" + path + "' is not a field path (e.g. load.concurrency)");
            }
        }
        JsonNode value;
        try {
            value = SCALARS.readTree(assignment.substring(eq + 1));
        } catch (IOException | RuntimeException e) {
            return Optional.of(origin + ": the value is not YAML: " + summary(e));
        }
        JsonNode parent = root;
        String at = "";
        for (int i = 0; i < segments.length - 1; i++) {
            JsonNode next = child(parent, segments[i]);
            if (next == null || next.isNull()) {
                if (!(parent instanceof ObjectNode mapping)) {
                    return Optional.of(noItem(origin, at, segments[i], parent));
                }
                next = mapping.putObject(segments[i]);
                origins.put(join(at, segments[i]), origin);
            } else if (!next.isContainerNode()) {
                return Optional.of(origin + ": " + join(at, segments[i]) + " is a single value, not a mapping");
            }
            parent = next;
            at = join(at, segments[i]);
        }
        String last = segments[segments.length - 1];
        String target = join(at, last);
        boolean removes = value == null || value.isNull() || value.isMissingNode();
        if (parent instanceof ArrayNode list) {
            Optional<Integer> index = index(list, last);
            if (index.isEmpty()) {
                return Optional.of(noItem(origin, at, last, parent));
            }
            if (removes) {
                return Optional.of(origin + ": an item of a list cannot be removed; set the whole list");
            }
            forget(target);
            list.set(index.get(), value);
        } else {
            forget(target);
            if (removes) {
                ((ObjectNode) parent).remove(last);
                // a field this removed that is required is then the override's problem, not the file's
                origins.put(target, origin);
                return Optional.empty();
            }
            ((ObjectNode) parent).set(last, value);
        }
        remember(target, value, origin);
        return Optional.empty();
    }

    private static String noItem(String origin, String list, String segment, JsonNode parent) {
        return origin + ": " + list + " has no item " + segment + " (it has " + parent.size() + ")";
    }

    private static JsonNode child(JsonNode parent, String segment) {
        if (parent instanceof ArrayNode list) {
            return index(list, segment).map(list::get).orElse(null);
        }
        return parent.get(segment);
    }

    private static Optional<Integer> index(ArrayNode list, String segment) {
        if (!segment.matches("\\d{1,6}") || Integer.parseInt(segment) >= list.size()) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(segment));
    }

    /** Drops the origins of a value about to be replaced, and of everything under it. */
    private void forget(String path) {
        origins.keySet().removeIf(p -> p.equals(path) || p.startsWith(path + "."));
    }

    /** Records one origin for a value and everything under it. */
    private void remember(String path, JsonNode value, String origin) {
        origins.put(path, origin);
        if (value instanceof ObjectNode mapping) {
            for (Iterator<Map.Entry<String, JsonNode>> it = mapping.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                remember(path + "." + e.getKey(), e.getValue(), origin);
            }
        } else if (value instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
                remember(path + "." + i, list.get(i), origin);
            }
        }
    }

    static String join(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    /**
     * The parser's message without the excerpts of the document it quotes: SnakeYAML puts each
     * excerpt, its caret and its position on indented lines between the lines that say what is wrong.
     */
    private static String summary(Exception e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        String said = message.lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .collect(Collectors.joining(": "));
        return said.isEmpty() ? message.strip() : said;
    }

    /** Builds the tree token by token, noting each value's line. */
    private record Reader(String source, JsonParser parser, Map<String, String> origins, List<String> problems) {

        /** Reads the value at the parser's current token; {@code path} names it. */
        JsonNode value(String path, int depth) throws IOException {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException(
                        source + ":" + line(parser) + ": " + path + ": nested deeper than " + MAX_DEPTH + " levels");
            }
            origins.putIfAbsent(path, source + ":" + line(parser));
            JsonToken token = parser.currentToken();
            if (token == JsonToken.START_OBJECT) {
                ObjectNode mapping = JsonNodeFactory.instance.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    String child = join(path, field);
                    String at = source + ":" + line(parser);
                    parser.nextToken();
                    if (mapping.has(field)) {
                        problems.add(at + ": " + child + ": given twice (first at " + origins.get(child) + ")");
                        parser.skipChildren();
                        continue;
                    }
                    origins.put(child, at);
                    mapping.set(field, value(child, depth + 1));
                }
                return mapping;
            }
            if (token == JsonToken.START_ARRAY) {
                ArrayNode list = JsonNodeFactory.instance.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(join(path, Integer.toString(list.size())), depth + 1));
                }
                return list;
            }
            return SCALARS.readTree(parser);
        }
    }
}
