package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.syncmeter.changes.ChangeRecords;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.rejected.RejectedEvents;
import io.syncmeter.sync.SyncConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link ParkingLot#release} does with records of the parking topic that {@link ParkingLot#park} did not write. */
class ParkingLotTest {

    private static final String TOPIC = "syncmeter.sync-parked";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Sent changes = new Sent();
    private final ParkingLot lot =
            new ParkingLot(new Sent(), new ChangeTopic(changes), new RejectedEvents(registry, new Sent()), config());

    @AfterEach
    void stop() {
        lot.stop();
    }

    @Test
    void shouldSetAsideARecordWhoseSiteHeaderHasNoValue() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(ChangeRecords.SITE_HEADER, null));
        AtomicBoolean acked = new AtomicBoolean();

        CompletionStage<Void> done = lot.release(record("data/a", "{}", 1_000L, headers, acked));

        assertThat(done.toCompletableFuture()).isCompleted();
        assertThat(acked).isTrue();
        assertThat(changes.values).isEmpty();
        assertThat(rejected()).isEqualTo(1.0);
    }

    @Test
    void shouldSetAsideARecordWithoutKey() {
        AtomicBoolean acked = new AtomicBoolean();

        lot.release(record(null, "{}", System.currentTimeMillis(), site("dc1"), acked));

        assertThat(acked).isTrue();
        assertThat(changes.values).isEmpty();
        assertThat(rejected()).isEqualTo(1.0);
    }

    @Test
    void shouldReleaseARecordWithoutTimestampAtOnce() {
        AtomicBoolean acked = new AtomicBoolean();

        CompletionStage<Void> done = lot.release(record("data/a", "{\"Records\":[]}", -1L, site("dc1"), acked));

        await().atMost(Duration.ofSeconds(5))
                .until(() -> done.toCompletableFuture().isDone());
        assertThat(changes.values).containsExactly("{\"Records\":[]}");
        assertThat(acked).isTrue();
        assertThat(rejected()).isZero();
    }

    private double rejected() {
        var counter = registry.find(MetricNames.EVENTS_REJECTED)
                .tag(MetricNames.TAG_TOPIC, TOPIC)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static RecordHeaders site(String name) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ChangeRecords.SITE_HEADER, name.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static Message<String> record(
            String key, String value, long timestamp, RecordHeaders headers, AtomicBoolean acked) {
        ConsumerRecord<String, String> r = new ConsumerRecord<>(
                TOPIC,
                0,
                7L,
                timestamp,
                timestamp < 0 ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME,
                -1,
                -1,
                key,
                value,
                headers,
                Optional.empty());
        return Message.of(value)
                .addMetadata(new IncomingKafkaRecordMetadata<>(r, "parked-in"))
                .withAck(() -> {
                    acked.set(true);
                    return CompletableFuture.completedFuture(null);
                });
    }

    private static SyncConfig config() {
        return new SmallRyeConfigBuilder()
                .withMapping(SyncConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .build()
                .getConfigMapping(SyncConfig.class);
    }

    /** An emitter whose broker takes every record at once. */
    private static final class Sent implements Emitter<String> {
        final List<String> values = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> send(String value) {
            values.add(value);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public <M extends Message<? extends String>> void send(M message) {
            values.add(message.getPayload());
            message.ack();
        }

        @Override
        public void complete() {}

        @Override
        public void error(Exception e) {}

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
