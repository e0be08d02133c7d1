package io.hmrec.app.store;

import java.util.List;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Where views find stores by name: a processor context inside the topology, local interactive-query stores of a
 * running KafkaStreams, or a TopologyTestDriver in tests and the backtest. Every store of the topology is
 * {@code String → byte[]}.
 */
@FunctionalInterface
public interface StoreLookup {
    /** The store named {@code name} (a name from {@link io.hmrec.app.StoreNames}). */
    ReadOnlyKeyValueStore<String, byte[]> store(String name);

    /**
     * The value of {@code key} in each local partition of the store {@code name} that has one, in no particular order.
     * By default the store's own point read: a processor's context and a test driver see one store per name.
     */
    default List<byte[]> inEachPartition(String name, String key) {
        byte[] value = store(name).get(key);
        return value == null ? List.of() : List.of(value);
    }

    /**
     * The interactive-query store {@code name} of {@code streams}, reading each key from its own partition, as
     * {@code owners} (of a store co-partitioned with {@code name}) places it.
     */
    static ReadOnlyKeyValueStore<String, byte[]> partitionRouted(org.apache.kafka.streams.KafkaStreams streams,
                                                                 KeyOwners owners, String name) {
        return new PartitionRoutedStore(streams, owners, name);
    }
}
