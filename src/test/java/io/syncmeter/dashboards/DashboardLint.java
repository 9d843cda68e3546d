package io.syncmeter.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The structural rules every syncmeter dashboard keeps, as a list of problems (empty: none), so that
 * each rule can be shown to fail on a small bad dashboard. A dashboard is Grafana's JSON model
 * (schema 39, Grafana 10 and 11): Prometheus through the {@code datasource} variable only, panels on
 * the 24-column grid without overlaps (the children of a collapsed row among themselves, below their
 * row), and PromQL targets that name metrics.
 */
final class DashboardLint {

    /** The only data source a panel, target or variable may name. */
    static final String DATASOURCE_UID = "${datasource}";

    private static final int COLUMNS = 24;
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{([A-Za-z_]\\w*)[^}]*}|\\$([A-Za-z_]\\w*)|\\[\\[(\\w+)");
    private static final Pattern LABEL_VALUES =
            Pattern.compile("^\\s*label_values\\((.+),\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\)\\s*$", Pattern.DOTALL);
    private static final Pattern BY_LE = Pattern.compile("\\bby\\s*\\([^)]*\\ble\\b[^)]*\\)");
    private static final Set<String> PANELS_WITHOUT_QUERIES = Set.of("row", "text", "dashlist", "news");

    private DashboardLint() {}

    /** A panel with where it sits: top level or inside a collapsed row. */
    private record Placed(JsonNode panel, JsonNode row) {
        String name() {
            return "panel '" + panel.path("title").asText() + "' (id "
                    + panel.path("id").asText("?") + ")";
        }
    }

    /** Every structural problem of {@code dashboard}. */
    static List<String> problems(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        header(dashboard, out);
        Set<String> variables = variables(dashboard, out);
        datasources(dashboard, "", out);
        List<Placed> panels = panels(dashboard, out);
        ids(panels, out);
        layout(dashboard, panels, out);
        for (Placed p : panels) {
            queries(p, variables, out);
        }
        return out;
    }

    /** The metric names the dashboard's targets and variables use, each with where it is used. */
    static Map<String, Set<String>> metrics(JsonNode dashboard) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Placed p : panels(dashboard, new ArrayList<>())) {
            for (JsonNode t : p.panel().path("targets")) {
                for (String m : PromQl.names(t.path("expr").asText()).metrics()) {
                    out.computeIfAbsent(m, k -> new LinkedHashSet<>()).add(p.name());
                }
            }
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if ("query".equals(v.path("type").asText())) {
                Matcher m = LABEL_VALUES.matcher(variableQuery(v));
                if (m.matches()) {
                    for (String metric : PromQl.names(m.group(1)).metrics()) {
                        out.computeIfAbsent(metric, k -> new LinkedHashSet<>())
                                .add("variable $" + v.path("name").asText());
                    }
                }
            }
        }
        return out;
    }

    /** A problem for every metric the dashboard uses that {@code known} does not accept. */
    static List<String> unknownMetrics(JsonNode dashboard, Predicate<String> known) {
        List<String> out = new ArrayList<>();
        metrics(dashboard).forEach((metric, where) -> {
            if (!known.test(metric)) {
                out.add("metric " + metric + " is neither exported nor recorded, used by " + where);
            }
        });
        return out;
    }

    private static void header(JsonNode d, List<String> out) {
        if (!d.path("schemaVersion").isIntegralNumber()) {
            out.add("schemaVersion missing or not a number");
        }
        if (!UID.matcher(d.path("uid").asText()).matches()) {
            out.add("uid missing or not 1-40 characters A-Z a-z 0-9 - _: '"
                    + d.path("uid").asText() + "'");
        }
        if (d.path("title").asText().isBlank()) {
            out.add("title missing");
        }
        boolean tagged = false;
        for (JsonNode tag : d.path("tags")) {
            tagged |= "syncmeter".equals(tag.asText());
        }
        if (!tagged) {
            out.add("tag 'syncmeter' missing");
        }
        if (d.path("time").path("from").asText().isBlank()
                || d.path("time").path("to").asText().isBlank()) {
            out.add("time range missing");
        }
        if (!d.path("refresh").isTextual() || d.path("refresh").asText().isBlank()) {
            out.add("refresh missing");
        }
    }

    private static Set<String> variables(JsonNode d, List<String> out) {
        Set<String> names = new HashSet<>();
        boolean datasource = false;
        for (JsonNode v : d.path("templating").path("list")) {
            String name = v.path("name").asText();
            if (!names.add(name)) {
                out.add("variable $" + name + " defined twice");
            }
            String type = v.path("type").asText();
            if ("datasource".equals(type)) {
                datasource |= "datasource".equals(name)
                        && "prometheus".equals(v.path("query").asText());
            } else if ("query".equals(type)) {
                if (!LABEL_VALUES.matcher(variableQuery(v)).matches()) {
                    out.add("variable $" + name + ": query is not label_values(<metric selector>, <label>): "
                            + variableQuery(v));
                }
                if (!v.path("multi").asBoolean() || !v.path("includeAll").asBoolean()) {
                    out.add("variable $" + name + ": not multi-value with All");
                }
                if (!v.has("datasource")) {
                    out.add("variable $" + name + ": no datasource");
                }
            }
        }
        if (!datasource) {
            out.add("no variable 'datasource' of type datasource with query 'prometheus'");
        }
        return names;
    }

    private static String variableQuery(JsonNode v) {
        JsonNode q = v.path("query");
        return q.isObject() ? q.path("query").asText() : q.asText();
    }

    /** Every {@code datasource} anywhere must be the Prometheus variable, never a fixed uid or name. */
    private static void datasources(JsonNode node, String path, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String at = path + "/" + e.getKey();
                if (e.getKey().equals("datasource") && !e.getValue().isNull()) {
                    JsonNode ds = e.getValue();
                    if (!ds.isObject()
                            || !DATASOURCE_UID.equals(ds.path("uid").asText())
                            || !"prometheus".equals(ds.path("type").asText())) {
                        out.add(at + ": datasource must be {\"type\":\"prometheus\",\"uid\":\"" + DATASOURCE_UID
                                + "\"}, is " + ds);
                    }
                }
                datasources(e.getValue(), at, out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                datasources(node.get(i), path + "/" + i, out);
            }
        }
    }

    private static List<Placed> panels(JsonNode d, List<String> out) {
        List<Placed> all = new ArrayList<>();
        if (d.path("panels").isEmpty()) {
            out.add("no panels");
        }
        for (JsonNode p : d.path("panels")) {
            all.add(new Placed(p, null));
            if ("row".equals(p.path("type").asText())) {
                boolean collapsed = p.path("collapsed").asBoolean();
                if (!collapsed && !p.path("panels").isEmpty()) {
                    out.add("row '" + p.path("title").asText() + "' is expanded but holds panels of its own");
                }
                for (JsonNode child : p.path("panels")) {
                    all.add(new Placed(child, p));
                }
            }
        }
        return all;
    }

    private static void ids(List<Placed> panels, List<String> out) {
        Map<Integer, Placed> seen = new HashMap<>();
        for (Placed p : panels) {
            JsonNode id = p.panel().path("id");
            if (!id.isIntegralNumber() || id.asInt() <= 0) {
                out.add(p.name() + ": id missing or not a positive integer");
                continue;
            }
            Placed before = seen.putIfAbsent(id.asInt(), p);
            if (before != null) {
                out.add(p.name() + ": id " + id.asInt() + " also used by " + before.name());
            }
        }
    }

    private record Box(int x, int y, int w, int h) {
        boolean overlaps(Box o) {
            return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
        }
    }

    private static void layout(JsonNode d, List<Placed> panels, List<String> out) {
        Map<Placed, Box> boxes = new LinkedHashMap<>();
        for (Placed p : panels) {
            JsonNode g = p.panel().path("gridPos");
            if (!g.path("x").isInt()
                    || !g.path("y").isInt()
                    || !g.path("w").isInt()
                    || !g.path("h").isInt()) {
                out.add(p.name() + ": gridPos missing or incomplete: " + g);
                continue;
            }
            Box b = new Box(
                    g.get("x").asInt(),
                    g.get("y").asInt(),
                    g.get("w").asInt(),
                    g.get("h").asInt());
            if (b.w() <= 0 || b.h() <= 0 || b.x() < 0 || b.y() < 0 || b.x() + b.w() > COLUMNS) {
                out.add(p.name() + ": gridPos outside the 24 columns or empty: " + g);
            }
            if (p.row() != null && b.y() <= p.row().path("gridPos").path("y").asInt()) {
                out.add(p.name() + ": above its collapsed row '"
                        + p.row().path("title").asText() + "'");
            }
            boxes.put(p, b);
        }
        List<Placed> placed = new ArrayList<>(boxes.keySet());
        for (int i = 0; i < placed.size(); i++) {
            for (int j = i + 1; j < placed.size(); j++) {
                Placed a = placed.get(i);
                Placed b = placed.get(j);
                // a collapsed row's children are laid out as when it is expanded: apart from the rest
                if (a.row() == b.row() && boxes.get(a).overlaps(boxes.get(b))) {
                    out.add(a.name() + " and " + b.name() + " overlap");
                }
            }
        }
    }

    private static void queries(Placed p, Set<String> variables, List<String> out) {
        JsonNode panel = p.panel();
        String type = panel.path("type").asText();
        for (String v : variablesIn(panel.path("title").asText())) {
            if (!variables.contains(v)) {
                out.add(p.name() + ": title uses undefined variable $" + v);
            }
        }
        if (panel.has("repeat") && !variables.contains(panel.path("repeat").asText())) {
            out.add(p.name() + ": repeats over undefined variable $"
                    + panel.path("repeat").asText());
        }
        if (PANELS_WITHOUT_QUERIES.contains(type)) {
            return;
        }
        if (panel.path("datasource").isMissingNode() || panel.path("datasource").isNull()) {
            out.add(p.name() + ": no datasource");
        }
        if (panel.path("targets").isEmpty()) {
            out.add(p.name() + ": no targets");
        }
        Set<String> refIds = new HashSet<>();
        for (JsonNode t : panel.path("targets")) {
            String ref = t.path("refId").asText();
            if (!refIds.add(ref)) {
                out.add(p.name() + ": refId '" + ref + "' twice");
            }
            String expr = t.path("expr").asText();
            if (expr.isBlank()) {
                out.add(p.name() + " target " + ref + ": expr missing or empty");
                continue;
            }
            if (t.path("datasource").isMissingNode() || t.path("datasource").isNull()) {
                out.add(p.name() + " target " + ref + ": no datasource");
            }
            PromQl.Names names = PromQl.names(expr);
            if (names.metrics().isEmpty()) {
                out.add(p.name() + " target " + ref + ": names no metric: " + expr);
            }
            Set<String> unknown = new TreeSet<>(names.functions());
            unknown.removeAll(PromQl.FUNCTIONS);
            if (!unknown.isEmpty()) {
                out.add(p.name() + " target " + ref + ": unknown PromQL functions " + unknown);
            }
            for (String v : variablesIn(expr)) {
                if (!variables.contains(v)) {
                    out.add(p.name() + " target " + ref + ": undefined variable $" + v);
                }
            }
            if (names.functions().contains("histogram_quantile") || "heatmap".equals(type)) {
                histogram(p, ref, expr, names, out);
            }
            if ("heatmap".equals(type) && !"heatmap".equals(t.path("format").asText())) {
                out.add(p.name() + " target " + ref + ": a heatmap of buckets needs format heatmap");
            }
        }
    }

    /** A quantile or heatmap of a histogram: over its buckets, summed by {@code le}. */
    private static void histogram(Placed p, String ref, String expr, PromQl.Names names, List<String> out) {
        if (names.metrics().stream().noneMatch(m -> m.endsWith("_bucket"))) {
            out.add(p.name() + " target " + ref + ": a quantile or heatmap over no _bucket series: " + expr);
        }
        if (!BY_LE.matcher(expr).find()) {
            out.add(p.name() + " target " + ref + ": buckets not aggregated by (…, le): " + expr);
        }
    }

    /** The template variables a text uses, Grafana's own ({@code $__interval} …) left out. */
    private static Set<String> variablesIn(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            if (!name.startsWith("__")) {
                out.add(name);
            }
        }
        return out;
    }
}
