package io.syncmeter.embedded.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The extra properties a user passes to the in-process broker ({@code
 * syncmeter.embedded.kafka-config.<broker key>}): each must be a Kafka broker setting with a valid
 * value, and none of the settings the embedded stack owns (its node identity, listeners, storage and
 * single-node replication). Stateless.
 */
public final class BrokerProperties {

    /** The configuration key prefix these properties come from. */
    public static final String KEY = "syncmeter.embedded.kafka-config";

    /** Settings the in-process broker cannot run without as the stack sets them, with the reason. */
    private static final Map<String, String> OWNED = owned();

    private BrokerProperties() {}

    /** What is wrong with these properties, one message per key naming it; empty when they are fine. */
    public static List<String> problems(Map<String, String> extra) {
        ConfigDef broker = KafkaConfig.configDef();
        List<String> problems = new ArrayList<>();
        new TreeMap<>(extra).forEach((name, value) -> {
            String key = KEY + "." + name;
            if (OWNED.containsKey(name)) {
                problems.add(key + ": set by the embedded stack (" + OWNED.get(name) + "), cannot be overridden");
                return;
            }
            ConfigDef.ConfigKey def = broker.configKeys().get(name);
            if (def == null) {
                problems.add(key + ": not a Kafka broker setting");
                return;
            }
            try {
                Object parsed = ConfigDef.parseType(name, value, def.type);
                if (def.validator != null) {
                    def.validator.ensureValid(name, parsed);
                }
            } catch (ConfigException e) {
                problems.add(key + ": " + e.getMessage());
            }
        });
        return problems;
    }

    private static Map<String, String> owned() {
        Map<String, String> owned = new TreeMap<>();
        for (String k : Set.of("process.roles", "node.id", "broker.id")) {
            owned.put(k, "one combined broker and controller");
        }
        for (String k : Set.of(
                "listeners",
                "advertised.listeners",
                "controller.listener.names",
                "inter.broker.listener.name",
                "listener.security.protocol.map",
                "controller.quorum.voters",
                "controller.quorum.bootstrap.servers")) {
            owned.put(k, "127.0.0.1 only; the client port is syncmeter.embedded.kafka-port");
        }
        for (String k : Set.of("log.dirs", "log.dir", "metadata.log.dir")) {
            owned.put(k, "under syncmeter.embedded.data-dir");
        }
        owned.put("num.partitions", "use syncmeter.embedded.kafka-partitions");
        for (String k : Set.of(
                "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor",
                "transaction.state.log.min.isr",
                "share.coordinator.state.topic.replication.factor",
                "share.coordinator.state.topic.min.isr")) {
            owned.put(k, "a single node: always 1");
        }
        return Map.copyOf(owned);
    }
}
