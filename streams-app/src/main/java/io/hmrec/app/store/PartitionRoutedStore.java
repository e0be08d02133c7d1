package io.hmrec.app.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * An interactive-query store whose point reads go to the one local partition that can hold the key. Kafka Streams'
 * composite store asks every local task's store in turn until one has the key, so a read of a key in the fourth
 * partition (or of an unknown key) paid four record-cache searches and four RocksDB reads; a query reads three or
 * four customer-keyed stores. Ranges and counts still go through the composite store. When the key's partition is
 * not (or no longer) local, the read falls back to the composite store, which answers as before. The key's partition
 * comes from {@link KeyOwners} (every customer-partitioned store is co-partitioned with the one it asks about).
 */
final class PartitionRoutedStore implements ReadOnlyKeyValueStore<String, byte[]> {
    private final KafkaStreams streams;
    private final KeyOwners owners;
    private final String name;
    private final ReadOnlyKeyValueStore<String, byte[]> composite;
    private final Map<Integer, ReadOnlyKeyValueStore<String, byte[]>> byPartition = new ConcurrentHashMap<>();

    PartitionRoutedStore(KafkaStreams streams, KeyOwners owners, String name) {
        this.streams = streams;
        this.owners = owners;
        this.name = name;
        this.composite = streams.store(StoreQueryParameters.fromNameAndType(name,
                QueryableStoreTypes.<String, byte[]>keyValueStore()));
    }

    @Override
    public byte[] get(String key) {
        KeyQueryMetadata md = owners.metadata(key);
        if (md == null || md.partition() < 0) {
            return composite.get(key);
        }
        int partition = md.partition();
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = byPartition.computeIfAbsent(partition,
                    p -> streams.store(StoreQueryParameters.fromNameAndType(name,
                            QueryableStoreTypes.<String, byte[]>keyValueStore()).withPartition(p)));
            return store.get(key);
        } catch (InvalidStateStoreException moved) {
            byPartition.remove(partition); // not local (any more), or rebalancing: ask again next time
            return composite.get(key);
        }
    }

    @Override
    public KeyValueIterator<String, byte[]> range(String from, String to) {
        return composite.range(from, to);
    }

    @Override
    public KeyValueIterator<String, byte[]> all() {
        return composite.all();
    }

    @Override
    public long approximateNumEntries() {
        return composite.approximateNumEntries();
    }
}
