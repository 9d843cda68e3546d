package io.syncmeter.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {

    @Test
    void shouldAcceptBrokerSettingsWithValidValues() {
        assertThat(BrokerProperties.problems(Map.of(
                        "log.retention.hours", "6",
                        "log.flush.offset.checkpoint.interval.ms", "1000",
                        "auto.create.topics.enable", "false")))
                .isEmpty();
    }

    @Test
    void shouldRefuseTheSettingsTheEmbeddedStackOwnsNamingTheKey() {
        assertThat(BrokerProperties.problems(Map.of(
                        "listeners", "PLAINTEXT://0.0.0.0:9092",
                        "node.id", "2",
                        "process.roles", "broker",
                        "log.dirs", "/elsewhere",
                        "num.partitions", "8")))
                .containsExactly(
                        "syncmeter.embedded.kafka-config.listeners: set by the embedded stack (127.0.0.1 only;"
                                + " the client port is syncmeter.embedded.kafka-port), cannot be overridden",
                        "syncmeter.embedded.kafka-config.log.dirs: set by the embedded stack (under"
                                + " syncmeter.embedded.data-dir), cannot be overridden",
                        "syncmeter.embedded.kafka-config.node.id: set by the embedded stack (one combined broker"
                                + " and controller), cannot be overridden",
                        "syncmeter.embedded.kafka-config.num.partitions: set by the embedded stack (use"
                                + " syncmeter.embedded.kafka-partitions), cannot be overridden",
                        "syncmeter.embedded.kafka-config.process.roles: set by the embedded stack (one combined"
                                + " broker and controller), cannot be overridden");
    }

    @Test
    void shouldRefuseUnknownKeysAndInvalidValuesNamingTheKey() {
        assertThat(BrokerProperties.problems(Map.of(
                        "log.retention.hour", "6",
                        "log.retention.hours", "six",
                        "log.segment.bytes", "10")))
                .containsExactly(
                        "syncmeter.embedded.kafka-config.log.retention.hour: not a Kafka broker setting",
                        "syncmeter.embedded.kafka-config.log.retention.hours: Invalid value six for configuration"
                                + " log.retention.hours: Not a number of type INT",
                        "syncmeter.embedded.kafka-config.log.segment.bytes: Invalid value 10 for configuration"
                                + " log.segment.bytes: Value must be at least 1048576");
    }

    @Test
    void shouldNotBuildABrokerWithBadProperties() {
        assertThatThrownBy(() -> new InProcessKafka(Path.of("unused"), 0, 1, Map.of("listeners", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("syncmeter.embedded.kafka-config.listeners: set by the embedded stack");
    }
}
