package io.syncmeter.sync;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.syncmeter.sync.internal.ShardOwnership;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The sync engine's shards: the partitions of the change topic the consumer group gave this worker,
 * each with its generation ({@link ShardOwnership}). Named {@value #NAME} and set as the {@code
 * changes-in} channel's {@code consumer-rebalance-listener.name}; the group uses the cooperative
 * sticky assignor, so a worker joining or leaving moves only the shards that change hands, and the
 * others keep syncing.
 *
 * <p>Threading: the callbacks run on the consumer's polling thread, before the records of an assigned
 * partition are delivered and before a revoked partition is handed on; {@link #ownership()} is read
 * from any thread.
 */
@ApplicationScoped
@Identifier(SyncShards.NAME)
public class SyncShards implements KafkaConsumerRebalanceListener {

    /** The listener's name in the channel configuration. */
    public static final String NAME = "syncmeter-sync-shards";

    private static final Logger LOG = Logger.getLogger(SyncShards.class);

    private final ShardOwnership ownership = new ShardOwnership();

    /** Which shards this worker owns now, with their generations. */
    public ShardOwnership ownership() {
        return ownership;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // Reconciled with the whole assignment: a worker whose session ended while it stood still has
        // its partitions taken as lost by the consumer, but the channel's wrapper first commits and,
        // that commit failing (the member is gone), never calls onPartitionsLost here. The pause fence
        // covers that worker's writes meanwhile; this ends the stale ownership at its next assignment.
        int before = ownership.owned();
        ownership.assigned(numbers(partitions), numbers(consumer.assignment()));
        if (!partitions.isEmpty() || ownership.owned() != before + partitions.size()) {
            LOG.infof("Sync shards assigned: %s (now %s)", numbers(partitions), numbers(consumer.assignment()));
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            ownership.revoked(numbers(partitions));
            LOG.infof("Sync shards revoked: %s (now %d)", numbers(partitions), ownership.owned());
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            // the group already gave them to others (this worker missed its session): stop at once
            ownership.revoked(numbers(partitions));
            LOG.warnf(
                    "Sync shards lost (this worker's group session ended): %s (now %d)",
                    numbers(partitions), ownership.owned());
        }
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).sorted().toList();
    }
}
