package io.hmrec.trainer.release;

import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.ModelRelease;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Releases on the stack: publishes through a transactional {@link ModelPublisher}, and finds the live version as
 * the last committed manifest of the model's key on hm.model-releases.v1 (read_committed, from the beginning to the
 * end offsets seen at the start of the look-up).
 */
public final class KafkaReleaseStore implements ReleaseStore, AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
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
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
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

    @Override
    public void publish(Release release, Path savedModel) {
        publisher.publish(release);
    }

    @Override
    public void close() {
        publisher.close();
    }
}
