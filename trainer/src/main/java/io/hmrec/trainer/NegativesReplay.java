package io.hmrec.trainer;

import io.hmrec.core.state.NegativeSampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream's negative samples: the latest value per customer of the topology's negatives store, read from that
 * store's changelog topic (compacted; written under exactly-once, so read committed) from the beginning to the end
 * offsets taken at the start.
 *
 * <p>Why the latest state goes with a cut of an earlier day: the topology draws a customer's negatives among the
 * articles the customer never bought up to its latest event, and purchases only add positives, so every sample is
 * also a negative at any earlier cut. The values are core {@link NegativeSampler.Sample} encodings, the same bytes
 * the topology's queries decode.
 */
public final class NegativesReplay {
    private static final Logger LOG = LoggerFactory.getLogger(NegativesReplay.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private NegativesReplay() {}

    /**
     * @param changelog the negatives store's changelog topic ({@code Topics.storeChangelog(appId, store)})
     * @param customers keep only these customers (those of the cut)
     * @return customer → negative article ids; empty when the topic does not exist yet (the topology has not run)
     */
    public static Map<String, List<String>> read(String bootstrap, String changelog, Set<String> customers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        Map<String, List<String>> negatives = new HashMap<>();
        long records = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(30)).get(changelog);
            if (infos == null || infos.isEmpty()) {
                LOG.warn("no topic {}: the topology has not written negatives yet (or runs under another"
                        + " application.id); the models draw their own", changelog);
                return Map.of();
            }
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : infos) {
                parts.add(new TopicPartition(changelog, info.partition()));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))
                            || !customers.contains(r.key())) {
                        continue;
                    }
                    records++;
                    if (r.value() == null) {
                        negatives.remove(r.key()); // a tombstone: the store dropped the customer
                    } else {
                        negatives.put(r.key(), NegativeSampler.Sample.fromBytes(r.value()).articleIds());
                    }
                }
            }
        }
        negatives.values().removeIf(List::isEmpty);
        LOG.info("read {} negatives records from {}: samples for {} of the cut's {} customers", records, changelog,
                negatives.size(), customers.size());
        return negatives;
    }
}
