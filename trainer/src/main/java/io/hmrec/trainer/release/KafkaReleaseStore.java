package io.hmrec.trainer.release;

import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.ModelRelease;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases on the stack: publishes through a transactional {@link ModelPublisher}, and finds the live version as
 * the last committed manifest of the model's key on hm.model-releases.v1 (read_committed, from the beginning to the
 * last stable offset once every transaction under the high watermark seen at the start of the look-up is decided).
 *
 * <p>Why the wait: {@code commitTransaction()} returns once the coordinator has logged its decision, and the commit
 * markers reach the partitions a moment later. Until they do, the last stable offset stays in front of the new
 * manifest, so a look-up straight after a release (a test, or anyone checking a release they just made)
 * would not see it. Markers land in milliseconds; only a transaction left open by a crashed trainer holds the offset
 * longer, and then, after {@link #DECIDED_WAIT}, the committed part in front of it is the answer.
 */
public final class KafkaReleaseStore implements ReleaseStore, AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    static final Duration DECIDED_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(KafkaReleaseStore.class);
    private final String bootstrap;
    private final Topics topics;
    private final ModelPublisher publisher;

    /**
     * @param transactionalId stable per trainer deployment: a restarted trainer with the same id fences and aborts
     *                        whatever transaction its crashed predecessor left open
     */
    public KafkaReleaseStore(String bootstrap, Topics topics, String transactionalId) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(1_000_000));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.publisher = new ModelPublisher(new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer()),
                topics.modelChunks().valueSerde().serializer(), topics.modelChunks().name(),
                topics.modelReleases().valueSerde().serializer(), topics.modelReleases().name());
    }

    @Override
    public Optional<ModelRelease> live(String model) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        String topic = topics.modelReleases().name();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = decidedEnd(parts);
            ModelRelease latest = null;
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    if (model.equals(r.key())) {
                        latest = r.value() == null ? null
                                : topics.modelReleases().valueSerde().deserializer().deserialize(topic, r.value());
                    }
                }
            }
            return Optional.ofNullable(latest);
        }
    }

    /**
     * The read_committed end of each partition once it reaches the high watermark seen now (every transaction below
     * it decided and its markers written), or, after {@link #DECIDED_WAIT}, whatever it is then.
     */
    private Map<TopicPartition, Long> decidedEnd(List<TopicPartition> parts) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, Long> high = latest(admin, parts, IsolationLevel.READ_UNCOMMITTED);
            long deadline = System.nanoTime() + DECIDED_WAIT.toNanos();
            while (true) {
                Map<TopicPartition, Long> stable = latest(admin, parts, IsolationLevel.READ_COMMITTED);
                if (parts.stream().allMatch(tp -> stable.get(tp) >= high.get(tp))) {
                    return stable;
                }
                if (System.nanoTime() > deadline) {
                    LOG.warn("a transaction on {} is still open after {}; the live version is read up to {}",
                            topics.modelReleases().name(), DECIDED_WAIT, stable);
                    return stable;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up the live release", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topics.modelReleases().name(),
                    e.getCause());
        }
    }

    private static Map<TopicPartition, Long> latest(Admin admin, List<TopicPartition> parts, IsolationLevel isolation)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        parts.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get()
                .forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    @Override
    public void publish(Release release, Path savedModel) {
        publisher.publish(release);
    }

    @Override
    public void close() {
        publisher.close();
    }
}
