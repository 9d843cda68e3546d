package io.syncmeter.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.syncmeter.probe.ProbeWritten;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A replicator for tests whose behaviour is known exactly: it reads {@code ProbeWritten} events
 * from Kafka and, per probe, copies it to the other site a fixed time after the PUT was
 * acknowledged, copies a tampered body, or never copies — as the plan function decides. A copy is
 * never early, but can be late when its event arrives late or the machine is busy; {@link #copied()}
 * tells when each copy really happened. The source
 * body is read when the event arrives, so at the due time only the PUT remains. Probes acknowledged
 * before {@link #start()} are ignored. Threading: one consumer thread, a small copy pool; {@link
 * #close()} stops both.
 */
public final class TestReplicator implements AutoCloseable {

    /** What to do with one probe. */
    public sealed interface Plan {
        /** Copy intact this long after the acknowledgement. */
        record CopyAfter(Duration delay) implements Plan {}

        /** Copy a body that differs, this long after the acknowledgement. */
        record Tamper(Duration delay) implements Plan {}

        /** Never copy. */
        record Drop() implements Plan {}
    }

    /**
     * When one copy's PUT was sent and when the target acknowledged it: the object became visible at
     * the target somewhere in between.
     */
    public record Copy(ProbeWritten probe, Instant sentAt, Instant ackedAt) {}

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private final TwoSites.Infra infra;
    private final Function<ProbeWritten, Plan> plan;
    private final Map<String, Plan> planned = new ConcurrentHashMap<>();
    private final Map<String, ProbeWritten> events = new ConcurrentHashMap<>();
    private final Map<String, Copy> copied = new ConcurrentHashMap<>();
    private final ScheduledExecutorService copies = Executors.newScheduledThreadPool(4);
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread consumerThread;
    private volatile Instant startedAt;

    public TestReplicator(TwoSites.Infra infra, Function<ProbeWritten, Plan> plan) {
        this.infra = infra;
        this.plan = plan;
    }

    /** Starts consuming from the end of the probe topic. */
    public TestReplicator start() {
        startedAt = Instant.now();
        running.set(true);
        KafkaConsumer<String, String> consumer = TopicReader.fromEnd(infra.bootstrapServers(), "syncmeter.probes");
        consumerThread = new Thread(
                () -> {
                    try (consumer) {
                        while (running.get()) {
                            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                                handle(r.value());
                            }
                        }
                    }
                },
                "test-replicator");
        consumerThread.start();
        return this;
    }

    private void handle(String value) {
        ProbeWritten event;
        try {
            event = JSON.readValue(value, ProbeWritten.class);
        } catch (Exception e) {
            return; // tests also send malformed records
        }
        if (event.ackedAt() == null || event.origin() == null || event.key() == null) {
            return;
        }
        if (event.ackedAt().isBefore(startedAt) || events.putIfAbsent(event.key(), event) != null) {
            return;
        }
        Plan p = plan.apply(event);
        planned.put(event.key(), p);
        String target = event.origin().equals("dc1") ? "dc2" : "dc1";
        if (p instanceof Plan.Drop) {
            return;
        }
        ResponseBytes<GetObjectResponse> source = infra.s3(event.origin())
                .getObjectAsBytes(b -> b.bucket(TwoSites.BUCKET).key(event.key()));
        byte[] body = source.asByteArray();
        Duration delay;
        if (p instanceof Plan.Tamper t) {
            body[body.length - 1] ^= 1;
            delay = t.delay();
        } else {
            delay = ((Plan.CopyAfter) p).delay();
        }
        byte[] copy = body;
        long wait = Duration.between(Instant.now(), event.ackedAt().plus(delay)).toNanos();
        copies.schedule(
                () -> {
                    Instant sent = Instant.now();
                    infra.s3(target)
                            .putObject(
                                    b -> b.bucket(TwoSites.BUCKET)
                                            .key(event.key())
                                            .metadata(source.response().metadata()),
                                    RequestBody.fromBytes(copy));
                    copied.put(event.key(), new Copy(event, sent, Instant.now()));
                },
                Math.max(0, wait),
                TimeUnit.NANOSECONDS);
    }

    /** The plan chosen for each probe seen so far, by key. */
    public Map<String, Plan> planned() {
        return Map.copyOf(planned);
    }

    /** The copies acknowledged by their target so far, by key. */
    public Map<String, Copy> copied() {
        return Map.copyOf(copied);
    }

    /** The events seen so far, by key. */
    public Map<String, ProbeWritten> events() {
        return Map.copyOf(events);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        if (consumerThread != null) {
            consumerThread.join(10_000);
        }
        copies.shutdownNow();
    }
}
