package io.hmrec.app.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@link PublishedLog} read from the broker with a group-less consumer (assign + seek, no offsets committed). A
 * resume reads only the records written after the checkpoint, which is at most one checkpoint interval plus what was
 * in flight at the crash.
 */
public final class KafkaPublishedLog implements PublishedLog, AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String transactionsTopic;
    private final String dlqTopic;

    public KafkaPublishedLog(String bootstrapServers, String transactionsTopic, String dlqTopic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "hmrec-loader-resume");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.transactionsTopic = transactionsTopic;
        this.dlqTopic = dlqTopic;
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        List<TopicPartition> out = new ArrayList<>();
        if (infos != null) {
            for (PartitionInfo i : infos) {
                out.add(new TopicPartition(topic, i.partition()));
            }
        }
        return out;
    }

    @Override
    public Map<Integer, Long> transactionEndOffsets() {
        Map<Integer, Long> out = new HashMap<>();
        consumer.endOffsets(partitions(transactionsTopic), TIMEOUT).forEach((tp, o) -> out.put(tp.partition(), o));
        return out;
    }

    @Override
    public long dlqEndOffset() {
        List<TopicPartition> ps = partitions(dlqTopic);
        return ps.isEmpty() ? 0 : consumer.endOffsets(ps, TIMEOUT).values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public Set<String> eventIdsFrom(Map<Integer, Long> from) {
        Set<String> ids = new HashSet<>();
        scan(transactionsTopic, from, r -> {
            Header h = r.headers().lastHeader(KaggleLoader.EVENT_ID_HEADER);
            if (h != null) {
                ids.add(new String(h.value(), StandardCharsets.UTF_8));
            }
        });
        return ids;
    }

    @Override
    public Set<String> dlqKeysFrom(long from) {
        Set<String> keys = new HashSet<>();
        scan(dlqTopic, Map.of(0, from), r -> {
            if (r.key() != null) {
                keys.add(new String(r.key(), StandardCharsets.UTF_8));
            }
        });
        return keys;
    }

    private void scan(String topic, Map<Integer, Long> from, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        List<TopicPartition> ps = partitions(topic);
        if (ps.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(ps, TIMEOUT);
        consumer.assign(ps);
        for (TopicPartition tp : ps) {
            consumer.seek(tp, from.getOrDefault(tp.partition(), 0L));
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos() * 10;
        while (!caughtUp(ps, end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot read " + topic + " back to its end offsets " + end
                        + " within " + TIMEOUT.multipliedBy(10));
            }
            consumer.poll(Duration.ofMillis(200)).forEach(sink);
        }
        consumer.unsubscribe();
    }

    private boolean caughtUp(List<TopicPartition> ps, Map<TopicPartition, Long> end) {
        for (TopicPartition tp : ps) {
            if (consumer.position(tp, TIMEOUT) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
