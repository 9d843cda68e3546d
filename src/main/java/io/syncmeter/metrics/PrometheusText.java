package io.syncmeter.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal reader of the Prometheus text exposition format (a {@code /q/metrics} body), for tests
 * and benchmarks that read a running instance: samples with their name, labels and value. Label order and a trailing comma in the label set do not matter.
 */
public final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+).*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {

        /** Whether every given label has the given value (other labels are allowed). */
        public boolean has(Map<String, String> wanted) {
            return labels.entrySet().containsAll(wanted.entrySet());
        }
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    /** Parses a {@code /q/metrics} body. */
    public static PrometheusText parse(String body) {
        List<Sample> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return new PrometheusText(out);
    }

    /** Every sample of that name. */
    public List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** Every sample of that name carrying the given labels. */
    public List<Sample> samples(String name, Map<String, String> labels) {
        return samples(name).stream().filter(s -> s.has(labels)).toList();
    }

    /** The value of the one sample of that name with the given labels, if there is exactly one. */
    public Optional<Double> value(String name, Map<String, String> labels) {
        List<Sample> found = samples(name, labels);
        return found.size() == 1 ? Optional.of(found.get(0).value()) : Optional.empty();
    }

    /** The sum of every sample of that name carrying the given labels; 0 when there is none. */
    public double sum(String name, Map<String, String> labels) {
        return samples(name, labels).stream().mapToDouble(Sample::value).sum();
    }
}
