package io.hmrec.app.store;

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
     * The interactive-query store {@code name} of {@code streams}, reading each key from its own partition, as
     * {@code owners} (of a store co-partitioned with {@code name}) places it.
     */
    static ReadOnlyKeyValueStore<String, byte[]> partitionRouted(org.apache.kafka.streams.KafkaStreams streams,
                                                                 KeyOwners owners, String name) {
        return new PartitionRoutedStore(streams, owners, name);
    }
}
