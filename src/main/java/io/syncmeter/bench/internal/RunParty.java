package io.syncmeter.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.syncmeter.bench.JointRun;
import io.syncmeter.bench.RunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * What a run tells the runs' topic besides its progress, and, for a party of a joint run, how it meets
 * the others there and merges their results: {@link #solo} publishes the run's result when it ends;
 * {@link #joint} also writes its {@link RunEvent#READY} record after the prefill, waits at the {@link
 * StartBarrier} for the others (at most {@code timeout}), and once its own result is written and
 * published, waits for every member's result (at most {@code timeout} again) and writes the merged
 * one ({@link JointResult}) with its CSVs and report page under {@code <results>/joint/}.
 *
 * <p>Lifecycle: {@link BenchRun} calls {@link #meet} once after the prefill, then {@link #finish} once
 * after its files are written, both on the run's thread; {@link #joint()} from any thread.
 */
public final class RunParty {

    private static final Logger LOG = Logger.getLogger(RunParty.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /** The folder of a joint run's merged results, inside each party's results. */
    public static final String JOINT_DIR = "joint";

    private final RunTopic topic;
    private final String run;
    private final String profile;
    private final JointRun self;
    private final Duration timeout;
    private RunTopic.Reader reader;
    private volatile StartBarrier.Meeting meeting;
    private volatile String merged;

    private RunParty(RunTopic topic, String run, String profile, JointRun self, Duration timeout) {
        this.topic = topic;
        this.run = run;
        this.profile = profile;
        this.self = self;
        this.timeout = timeout;
    }

    /** A run of its own: nothing to meet, its result published when it ends. */
    public static RunParty solo(RunTopic topic, String run, String profile) {
        return new RunParty(topic, run, profile, null, Duration.ZERO);
    }

    /**
     * A party of a joint run.
     *
     * @param self the joint run, with this party's name
     * @param timeout how long to wait for the others at the barrier, and again for their results
     */
    public static RunParty joint(RunTopic topic, String run, String profile, JointRun self, Duration timeout) {
        return new RunParty(topic, run, profile, self, timeout);
    }

    /** The joint run as this party sees it; null for a run of its own. */
    public RunStatus.Joint joint() {
        if (self == null) {
            return null;
        }
        StartBarrier.Meeting m = meeting;
        return new RunStatus.Joint(
                self.name(),
                self.party(),
                self.parties(),
                m == null ? List.of() : m.members(),
                m == null ? null : m.start(),
                merged);
    }

    private RunEvent event(String type, JsonNode result, Map<String, String> csv, String reason) {
        return new RunEvent(
                RunEvent.SCHEMA,
                type,
                run,
                self == null ? null : self.name(),
                self == null ? null : self.party(),
                self == null ? 0 : self.parties(),
                profile,
                Instant.now(),
                null,
                result,
                csv,
                reason);
    }

    /**
     * Waits for the other parties: when the load is to start; now for a run of its own; null when
     * cancelled meanwhile.
     *
     * @throws IllegalStateException when the barrier refused this party, the others did not come in
     *     time, or the broker did not take this party's record
     */
    public Instant meet(BooleanSupplier cancelled) throws InterruptedException {
        if (self == null) {
            return Instant.now();
        }
        Instant readyAt = Instant.now();
        RecordMetadata m = topic.publishAndWait(event(RunEvent.READY, null, null, null));
        Instant window = readyAt.minus(timeout);
        reader = topic.read(m.partition(), window);
        List<RunEvent> readies = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!cancelled.getAsBoolean()) {
            for (RunEvent e : reader.poll(POLL)) {
                if (RunEvent.READY.equals(e.type()) && e.at() != null && !e.at().isBefore(window)) {
                    readies.add(e);
                }
            }
            try {
                var met = StartBarrier.decide(readies, self, profile);
                if (met.isPresent()) {
                    meeting = met.get();
                    LOG.infof(
                            "benchmark run %s: joint run %s met with parties %s, the load starts at %s",
                            run, self.name(), meeting.members(), meeting.start());
                    return meeting.start();
                }
            } catch (StartBarrier.Refused e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            if (System.nanoTime() > deadline) {
                List<String> came = readies.stream()
                        .filter(e -> self.name().equals(e.join()))
                        .map(RunEvent::party)
                        .distinct()
                        .toList();
                throw new IllegalStateException("only " + came.size() + " of the " + self.parties()
                        + " parties of the joint run '" + self.name() + "' came within " + timeout + ": " + came);
            }
        }
        return null;
    }

    /**
     * After the run's files are written in {@code dir} ({@code result.json} absent when its load never
     * started): publishes the result; a party of a joint run then merges the members' results into
     * {@code dir/joint/}, or, without a result of its own, tells the others it left.
     *
     * @throws IllegalStateException when the joint result could not be made: a member left or did not
     *     send its result in time, or the members' sites overlap
     */
    public void finish(Path dir, String why, BooleanSupplier cancelled) throws InterruptedException {
        Path resultFile = dir.resolve("result.json");
        try {
            if (!Files.isRegularFile(resultFile)) {
                if (self != null) {
                    topic.publish(event(RunEvent.LEFT, null, null, why == null ? "no result" : why));
                }
                return;
            }
            JsonNode result = RunTopic.JSON.readTree(resultFile.toFile());
            RunEvent own = event(RunEvent.RESULT, result, csv(dir), null);
            if (self == null || meeting == null) {
                topic.publish(own);
                return;
            }
            topic.publishAndWait(own);
            List<JointResult.Part> parts = collect(cancelled);
            if (parts == null) {
                return;
            }
            Path out = dir.resolve(JOINT_DIR);
            try (RunFiles files = RunFiles.create(out)) {
                files.writeResult(JointResult.merge(parts));
            }
            for (Map.Entry<String, String> c : JointResult.csv(parts).entrySet()) {
                Files.writeString(out.resolve(c.getKey()), c.getValue(), StandardCharsets.UTF_8);
            }
            ReportPage.write(out);
            merged = out.resolve("result.json").toString();
            LOG.infof("benchmark run %s: the joint run %s's result is in %s", run, self.name(), merged);
        } catch (IOException e) {
            throw new UncheckedIOException("joint result: " + e.getMessage(), e);
        } finally {
            if (reader != null) {
                reader.close();
            }
        }
    }

    // every member's result, in the members' order; null when cancelled meanwhile
    private List<JointResult.Part> collect(BooleanSupplier cancelled) throws IOException {
        StartBarrier.Meeting m = meeting;
        Map<String, JointResult.Part> parts = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (parts.size() < m.members().size()) {
            if (cancelled.getAsBoolean()) {
                return null;
            }
            for (RunEvent e : reader.poll(POLL)) {
                if (!self.name().equals(e.join())
                        || !m.members().contains(e.party())
                        || !m.runs().get(e.party()).equals(e.run())) {
                    continue;
                }
                if (RunEvent.LEFT.equals(e.type())) {
                    throw new IllegalStateException("joint result: party " + e.party() + " left the joint run '"
                            + self.name() + "': " + e.reason());
                }
                if (RunEvent.RESULT.equals(e.type()) && e.result() != null && !parts.containsKey(e.party())) {
                    RunResult r = RunTopic.JSON.treeToValue(e.result(), RunResult.class);
                    parts.put(e.party(), new JointResult.Part(e.party(), e.run(), r, e.csv()));
                }
            }
            if (System.nanoTime() > deadline) {
                List<String> missing = new ArrayList<>(m.members());
                missing.removeAll(parts.keySet());
                throw new IllegalStateException("joint result: no result from parties " + missing
                        + " of the joint run '" + self.name() + "' within " + timeout);
            }
        }
        return m.members().stream().map(parts::get).toList();
    }

    // the run's CSVs by file name, or null when together they are too large for one record
    private static Map<String, String> csv(Path dir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        long chars = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".csv"))
                    .sorted()
                    .toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                chars += text.length();
                out.put(f.getFileName().toString(), text);
            }
        }
        if (chars > RunEvent.MAX_CSV_CHARS) {
            LOG.warnf(
                    "benchmark run: its CSVs (%d characters) are too large to publish; the joint report draws"
                            + " no intervals of this party",
                    chars);
            return null;
        }
        return out;
    }
}
