package io.hmrec.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.testsupport.TestServices;
import io.hmrec.testsupport.TestServicesExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The clients the app gives Kafka Streams, on a real broker: a transactional producer whose flush is left to the
 * commit still commits every record it was given, and a producer without a transaction still flushes.
 */
@ExtendWith(TestServicesExtension.class)
class CommitFlushedClientsIT {
    private static final int RECORDS = 2_000;

    @Test
    void shouldCommitEveryRecordOfATransactionWhoseFlushWasLeftToTheCommit(TestServices services) throws Exception {
        String topic = newTopic(services);
        Map<String, Object> config = producerConfig(services);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-commit-flushed-" + UUID.randomUUID());
        try (Producer<byte[], byte[]> producer = new CommitFlushedClients().getProducer(config)) {
            assertThat(producer).isInstanceOf(CommitFlushedClients.CommitFlushedProducer.class);
            producer.initTransactions();
            producer.beginTransaction();
            List<Future<RecordMetadata>> sends = send(producer, topic);
            producer.flush();
            producer.commitTransaction();

            // the commit alone sent and acknowledged every record, and a read_committed reader sees all of them
            assertThat(sends).allMatch(Future::isDone);
            assertThat(readCommitted(services, topic)).isEqualTo(values());
        }
    }

    @Test
    void shouldStillFlushAProducerWithoutATransaction(TestServices services) throws Exception {
        String topic = newTopic(services);
        try (Producer<byte[], byte[]> producer = new CommitFlushedClients().getProducer(producerConfig(services))) {
            List<Future<RecordMetadata>> sends = send(producer, topic);
            producer.flush();

            // at-least-once commits the consumer's offsets after this flush: every record must be acknowledged by now
            assertThat(sends).allMatch(Future::isDone);
            for (Future<RecordMetadata> f : sends) {
                f.get(); // none failed
            }
            assertThat(readCommitted(services, topic)).isEqualTo(values());
        }
    }

    private static Map<String, Object> producerConfig(TestServices services) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers());
        // Kafka Streams' own default: without the flush, nothing but the commit would send a part-filled batch soon
        config.put(ProducerConfig.LINGER_MS_CONFIG, 100);
        return config;
    }

    private static String newTopic(TestServices services) throws Exception {
        String topic = "it-commit-flushed-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        return topic;
    }

    private static List<String> values() {
        return IntStream.range(0, RECORDS).mapToObj(i -> "record-" + i).toList();
    }

    private static List<Future<RecordMetadata>> send(Producer<byte[], byte[]> producer, String topic) {
        return values().stream()
                .map(v -> producer.send(new ProducerRecord<>(topic, null, v.getBytes(StandardCharsets.UTF_8))))
                .toList();
    }

    private static List<String> readCommitted(TestServices services, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            List<String> read = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    read.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            return read;
        }
    }
}
