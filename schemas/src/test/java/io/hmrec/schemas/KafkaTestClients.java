package io.hmrec.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Plain Kafka clients for integration tests: produce synchronously, read a topic from the start without a group. */
public final class KafkaTestClients {
    private final String bootstrapServers;

    public KafkaTestClients(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create test topic " + name, e.getCause());
        }
    }

    /** Sends every record and waits for each acknowledgement. */
    public <K, V> void produce(String topic, Serializer<K> keys, Serializer<V> values, List<Map.Entry<K, V>> records) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(config, keys, values)) {
            for (Map.Entry<K, V> record : records) {
                producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue())).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("produce to " + topic + " failed", e.getCause());
        }
    }

    /** Reads {@code count} records from the beginning of every partition of {@code topic}, in offset order per partition. */
    public <K, V> List<ConsumerRecord<K, V>> consume(String topic, Deserializer<K> keys, Deserializer<V> values, int count,
                                                     Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, keys, values)) {
            int partitions = consumer.partitionsFor(topic, timeout).size();
            Set<TopicPartition> assigned = IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic, p)).collect(Collectors.toSet());
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            List<ConsumerRecord<K, V>> out = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            if (out.size() < count) {
                throw new AssertionError("expected " + count + " records on " + topic + " within " + timeout + ", got " + out.size());
            }
            return out;
        }
    }
}
