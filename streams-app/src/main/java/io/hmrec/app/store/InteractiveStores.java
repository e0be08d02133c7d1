package io.hmrec.app.store;

import io.hmrec.app.StoreNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The interactive-query stores of a running KafkaStreams, by name, each resolved once (the composite store follows
 * rebalances itself). The customer-partitioned stores read a key from its own partition
 * ({@link StoreLookup#partitionRouted}), as {@code owners} places it.
 */
public final class InteractiveStores implements StoreLookup {
    private final KafkaStreams streams;
    private final KeyOwners owners;
    private final Map<String, ReadOnlyKeyValueStore<String, byte[]>> byName = new ConcurrentHashMap<>();

    public InteractiveStores(KafkaStreams streams, KeyOwners owners) {
        this.streams = streams;
        this.owners = owners;
    }

    @Override
    public ReadOnlyKeyValueStore<String, byte[]> store(String name) {
        return byName.computeIfAbsent(name, n -> StoreNames.CUSTOMER_PARTITIONED.contains(n)
                ? StoreLookup.partitionRouted(streams, owners, n)
                : streams.store(StoreQueryParameters.fromNameAndType(n,
                        QueryableStoreTypes.<String, byte[]>keyValueStore())));
    }

    /**
     * One point read per local active partition (Kafka's IQv2 key query over all partitions). A range over the
     * composite store did the same for one key but cost far more: after a catch-up the refresh-store holds a tombstone
     * for every drained customer, and the range had to step over the tombstones sorted after the key before it could
     * end (about 8 ms per read after a 50,000-purchase replay, measured with perf).
     *
     * @throws InvalidStateStoreException when partitions are local but none of them could answer (a rebalance)
     */
    @Override
    public List<byte[]> inEachPartition(String name, String key) {
        StateQueryResult<byte[]> result = streams.query(StateQueryRequest.inStore(name)
                .withQuery(KeyQuery.<String, byte[]>withKey(key)).requireActive());
        List<byte[]> values = new ArrayList<>();
        String failure = null;
        for (QueryResult<byte[]> r : result.getPartitionResults().values()) {
            if (r.isSuccess()) {
                if (r.getResult() != null) {
                    values.add(r.getResult());
                }
            } else if (failure == null) {
                failure = r.getFailureReason() + ": " + r.getFailureMessage();
            }
        }
        if (values.isEmpty() && failure != null) {
            throw new InvalidStateStoreException("no local partition of " + name + " answered (" + failure + ")");
        }
        return values;
    }
}
