package io.hmrec.schemas;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One Kafka topic: its name and serdes kept together (so a producer can never pair a topic with the wrong serde)
 * plus what is needed to create it.
 *
 * @param name          topic name, {@code hm.<entity>.v<N>}
 * @param keySerde      serde of record keys
 * @param valueSerde    serde of record values
 * @param partitions    partition count, at least 1
 * @param cleanupPolicy compact (tables) or delete (streams)
 * @param retentionMs   {@code retention.ms} for delete topics; -1 keeps records forever
 * @param valueSchema   the Avro schema registered under {@code <name>-value}; empty for raw-bytes topics (DLQ)
 * @param <K>           key type
 * @param <V>           value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
                          CleanupPolicy cleanupPolicy, long retentionMs, Optional<Schema> valueSchema) {
    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(valueSchema, "valueSchema");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least 1 partition, got " + partitions);
        }
        if (retentionMs < -1 || retentionMs == 0) {
            throw new IllegalArgumentException("topic " + name + " retention.ms must be positive or -1, got " + retentionMs);
        }
    }

    /** The topic configs that differ from broker defaults. */
    public Map<String, String> configs() {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue());
        if (cleanupPolicy == CleanupPolicy.DELETE) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs));
        }
        return Map.copyOf(configs);
    }

    /** An admin request creating this topic. */
    public NewTopic newTopic(short replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor).configs(configs());
    }
}
