package io.syncmeter.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.syncmeter.collector.LagSample;
import java.time.Instant;
import java.util.List;

/** Reads the lag samples a {@link TopicReader} of {@code syncmeter.lag} has collected. */
public final class LagSamples {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private LagSamples() {}

    /** One sample's JSON. */
    public static LagSample parse(String json) {
        try {
            return JSON.readValue(json, LagSample.class);
        } catch (Exception e) {
            throw new IllegalStateException(json, e);
        }
    }

    /** Keys of the probes seen intact (replicated or late) at their target before {@code before}. */
    public static List<String> intactBefore(TopicReader samples, Instant before) {
        return samples.values().stream()
                .map(LagSamples::parse)
                .filter(s -> s.outcome().equals("replicated") || s.outcome().equals("late"))
                .filter(s -> s.seenAt() != null && s.seenAt().isBefore(before))
                .map(LagSample::probeKey)
                .toList();
    }
}
