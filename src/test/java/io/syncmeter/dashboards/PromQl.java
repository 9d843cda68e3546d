package io.syncmeter.dashboards;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads the metric names and function names out of a PromQL expression as a dashboard holds it
 * (with Grafana template variables), without a full parser: string literals, label matchers
 * ({@code {...}}), ranges and subqueries ({@code [...]}), the label lists of {@code by}, {@code
 * without}, {@code on}, {@code ignoring}, {@code group_left} and {@code group_right}, numbers,
 * durations, comments and template variables ({@code $name}, {@code ${name}}, {@code [[name]]}) are
 * skipped; an identifier followed by {@code (} is a function; aggregation operators and keywords are
 * neither; every other identifier is a metric name.
 */
final class PromQl {

    /** What an expression names. */
    record Names(Set<String> metrics, Set<String> functions) {}

    /** The aggregation operators and keywords of PromQL, which are never metric names. */
    static final Set<String> KEYWORDS = Set.of(
            "sum",
            "min",
            "max",
            "avg",
            "group",
            "stddev",
            "stdvar",
            "count",
            "count_values",
            "bottomk",
            "topk",
            "quantile",
            "limitk",
            "limit_ratio",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "atan2",
            "inf",
            "nan");

    /** Keywords followed by a list of label names. */
    private static final Set<String> LABEL_LIST_KEYWORDS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    /** The functions of PromQL (Prometheus 2.x and 3.x). */
    static final Set<String> FUNCTIONS = Set.of(
            "abs",
            "absent",
            "absent_over_time",
            "acos",
            "acosh",
            "asin",
            "asinh",
            "atan",
            "atanh",
            "avg_over_time",
            "ceil",
            "changes",
            "clamp",
            "clamp_max",
            "clamp_min",
            "cos",
            "cosh",
            "count_over_time",
            "day_of_month",
            "day_of_week",
            "day_of_year",
            "days_in_month",
            "deg",
            "delta",
            "deriv",
            "double_exponential_smoothing",
            "end",
            "exp",
            "floor",
            "histogram_avg",
            "histogram_count",
            "histogram_fraction",
            "histogram_quantile",
            "histogram_stddev",
            "histogram_stdvar",
            "histogram_sum",
            "holt_winters",
            "hour",
            "idelta",
            "increase",
            "irate",
            "label_join",
            "label_replace",
            "last_over_time",
            "ln",
            "log10",
            "log2",
            "mad_over_time",
            "max_over_time",
            "min_over_time",
            "minute",
            "month",
            "pi",
            "predict_linear",
            "present_over_time",
            "quantile_over_time",
            "rad",
            "rate",
            "resets",
            "round",
            "scalar",
            "sgn",
            "sin",
            "sinh",
            "sort",
            "sort_by_label",
            "sort_by_label_desc",
            "sort_desc",
            "sqrt",
            "start",
            "stddev_over_time",
            "stdvar_over_time",
            "sum_over_time",
            "tan",
            "tanh",
            "time",
            "timestamp",
            "vector",
            "year");

    private final String s;
    private int i;

    private PromQl(String expression) {
        this.s = expression;
    }

    /** The metric names and function names {@code expression} uses, in order of appearance. */
    static Names names(String expression) {
        return new PromQl(expression).scan();
    }

    private Names scan() {
        Set<String> metrics = new LinkedHashSet<>();
        Set<String> functions = new LinkedHashSet<>();
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                skipString(c);
            } else if (c == '{') {
                skipGroup('{', '}');
            } else if (c == '[' && i + 1 < s.length() && s.charAt(i + 1) == '[') {
                skipPast("]]");
            } else if (c == '[') {
                skipGroup('[', ']');
            } else if (c == '#') {
                skipPast("\n");
            } else if (c == '$') {
                skipVariable();
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                skipNumber();
            } else if (isIdentifierStart(c)) {
                String word = identifier();
                int next = nextNonBlank();
                boolean call = next < s.length() && s.charAt(next) == '(';
                if (LABEL_LIST_KEYWORDS.contains(word)) {
                    if (call) {
                        i = next;
                        skipGroup('(', ')');
                    }
                } else if (KEYWORDS.contains(word)) {
                    // an operator, or an aggregation whose argument list is scanned as usual
                } else if (call) {
                    functions.add(word);
                } else {
                    metrics.add(word);
                }
            } else {
                i++;
            }
        }
        return new Names(Set.copyOf(metrics), Set.copyOf(functions));
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    private String identifier() {
        int start = i;
        while (i < s.length() && isIdentifierPart(s.charAt(i))) {
            i++;
        }
        return s.substring(start, i);
    }

    private int nextNonBlank() {
        int j = i;
        while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        return j;
    }

    private void skipString(char quote) {
        i++;
        while (i < s.length() && s.charAt(i) != quote) {
            if (s.charAt(i) == '\\' && quote != '`') {
                i++;
            }
            i++;
        }
        i++;
    }

    /** Skips a bracketed group, nested groups and strings inside it included. */
    private void skipGroup(char open, char close) {
        int depth = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                skipString(c);
                continue;
            }
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                i++;
                return;
            }
            i++;
        }
    }

    private void skipPast(String end) {
        int at = s.indexOf(end, i);
        i = at < 0 ? s.length() : at + end.length();
    }

    private void skipVariable() {
        i++;
        if (i < s.length() && s.charAt(i) == '{') {
            skipPast("}");
        } else {
            while (i < s.length() && isIdentifierPart(s.charAt(i))) {
                i++;
            }
        }
    }

    /** Skips a number or a duration: {@code 0.99}, {@code 1e-3}, {@code 5m}, {@code 1h30m}. */
    private void skipNumber() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if ((c == 'e' || c == 'E') && i + 1 < s.length() && (s.charAt(i + 1) == '+' || s.charAt(i + 1) == '-')) {
                i += 2;
            } else if (Character.isLetterOrDigit(c) || c == '.' || c == '_') {
                i++;
            } else {
                return;
            }
        }
    }
}
