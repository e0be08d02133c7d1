package io.hmrec.app.store;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who owns a customer key, per partition instead of per key. {@link KafkaStreams#queryMetadataForKey} serialises the
 * key, hashes it and walks every instance's metadata, copying sets as it goes; a customer query asked it four or five
 * times (the route, then each partition-routed store read) and it was about a tenth of the HTTP threads' allocation.
 * The answer depends only on the key's partition, and the partition only on the key's hash, so one answer per
 * partition serves every key of that partition until the assignment changes.
 *
 * <p>The partition is computed here as Kafka's default partitioner does for a keyed record (murmur2 of the
 * serialised key). Every answer asked of Kafka is checked against it: one disagreement and this class stops caching
 * and passes every question to Kafka, so a partitioner that differs can cost speed but never a wrong owner. Answers
 * are dropped when the instance changes state (a rebalance) and after {@code ttlNanos} at the latest.
 */
public final class KeyOwners {
    private static final Logger LOG = LoggerFactory.getLogger(KeyOwners.class);
    private static final Serializer<String> KEYS = Serdes.String().serializer();

    private final KafkaStreams streams;
    private final String store;
    private final int partitions;
    private final long ttlNanos;
    private final AtomicReferenceArray<Answer> byPartition;
    private volatile boolean disagreed;

    private record Answer(KeyQueryMetadata metadata, long readAtNanos) {}

    /**
     * @param store      a store of the customer-keyed partitions, as named to {@code queryMetadataForKey}
     * @param partitions the number of partitions of that store's input
     * @param ttlNanos   how long an answer is used at most, also when no state change is seen
     */
    public KeyOwners(KafkaStreams streams, String store, int partitions, long ttlNanos) {
        if (partitions <= 0 || ttlNanos < 0) {
            throw new IllegalArgumentException("partitions must be positive and ttl not negative, got "
                    + partitions + " and " + ttlNanos);
        }
        this.streams = streams;
        this.store = store;
        this.partitions = partitions;
        this.ttlNanos = ttlNanos;
        this.byPartition = new AtomicReferenceArray<>(partitions);
    }

    /** The partition Kafka's default partitioner gives {@code key} among {@code partitions}. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** What {@code queryMetadataForKey(store, key, String serializer)} answers, from the partition's last answer. */
    public KeyQueryMetadata metadata(String key) {
        if (disagreed) {
            return ask(key);
        }
        int partition = partitionOf(key, partitions);
        long now = System.nanoTime();
        Answer known = byPartition.get(partition);
        if (known != null && now - known.readAtNanos() < ttlNanos) {
            return known.metadata();
        }
        KeyQueryMetadata md = ask(key);
        if (md == null || md.partition() < 0 || md.activeHost() == null) {
            return md; // not known yet (starting, rebalancing): ask again next time
        }
        if (md.partition() != partition) {
            disagreed = true;
            LOG.warn("Kafka puts key {} of {} in partition {}, not {} as computed here: asking Kafka for every key "
                    + "from now on", key, store, md.partition(), partition);
            return md;
        }
        byPartition.set(partition, new Answer(md, now));
        return md;
    }

    /** Forgets every answer: the group's assignment may have changed. */
    public void forget() {
        for (int p = 0; p < partitions; p++) {
            byPartition.set(p, null);
        }
    }

    private KeyQueryMetadata ask(String key) {
        return streams.queryMetadataForKey(store, key, KEYS);
    }
}
