package io.hmrec.trainer.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.ModelRelease;
import io.hmrec.schemas.registry.InMemorySchemaRegistry;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.testsupport.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Release atomicity on a real broker: a trainer killed mid-release leaves the live version untouched. */
class ReleaseAtomicityIT {
    private static EmbeddedKafka kafka;
    private final Topics topics = new Topics(new AvroSerdes(new InMemorySchemaRegistry()));

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start();
        Topics topics = new Topics(new AvroSerdes(new InMemorySchemaRegistry()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(topics.modelChunks().newTopic((short) 1), topics.modelReleases().newTopic((short) 1)))
                    .all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private KafkaProducer<String, byte[]> producer(String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private ModelPublisher publisher(KafkaProducer<String, byte[]> producer) {
        return new ModelPublisher(producer, topics.modelChunks().valueSerde().serializer(), topics.modelChunks().name(),
                topics.modelReleases().valueSerde().serializer(), topics.modelReleases().name());
    }

    /** A dot-CF release of random tables (biases on) in chunks of at most 50 kB. */
    private static Release release(int customers, int articles, int dim, long seed, String createdAt) {
        return ModelPublisherTest.release(ModelPublisherTest.tables(customers, articles, dim, true, seed),
                Instant.parse(createdAt), 50_000);
    }

    private List<String> chunkKeys(String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.MODEL_CHUNKS).stream()
                    .map(i -> new TopicPartition(Topics.MODEL_CHUNKS, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    keys.add(r.key());
                }
            }
        }
        return keys;
    }

    @Test
    void shouldKeepTheLiveVersionWhenTheTrainerDiesMidReleaseAndItsSuccessorAborts() throws Exception {
        Release v1 = release(3_000, 400, 16, 1, "2020-09-16T12:00:00Z");
        Release v2 = release(3_000, 400, 16, 2, "2020-09-23T12:00:00Z");
        Release v3 = release(3_000, 400, 16, 3, "2020-09-30T12:00:00Z");
        assertThat(v2.chunks().size()).isGreaterThan(3);

        try (KafkaReleaseStore store = new KafkaReleaseStore(kafka.bootstrapServers(), topics, "trainer-a")) {
            store.publish(v1, Path.of("unused"));
            assertThat(store.live("dot-cf")).contains(v1.manifest());

            // the trainer writes (and flushes to the broker) every chunk of v2, then dies before the manifest/commit
            KafkaProducer<String, byte[]> doomed = producer("trainer-b");
            ModelPublisher dying = publisher(doomed);
            assertThatThrownBy(() -> dying.publish(v2, i -> {
                if (i == v2.chunks().size() - 1) {
                    doomed.flush();
                    throw new Error("killed");
                }
            })).hasMessage("killed");
            assertThat(chunkKeys("read_uncommitted")).anyMatch(k -> k.contains(v2.manifest().getVersion()));
            assertThat(store.live("dot-cf")).as("while the dead transaction is open").contains(v1.manifest());

            // its successor (same transactional id) fences it, which aborts the open transaction, then releases v3
            try (ModelPublisher successor = publisher(producer("trainer-b"))) {
                assertThat(store.live("dot-cf")).as("after the abort").contains(v1.manifest());
                assertThat(chunkKeys("read_committed")).noneMatch(k -> k.contains(v2.manifest().getVersion()))
                        .filteredOn(k -> k.contains(v1.manifest().getVersion())).hasSize(v1.chunks().size());
                successor.publish(v3);
            }
            ModelRelease live = store.live("dot-cf").orElseThrow();
            assertThat(live).isEqualTo(v3.manifest());
            assertThat(chunkKeys("read_committed")).filteredOn(k -> k.contains(v3.manifest().getVersion()))
                    .hasSize(v3.chunks().size());
            doomed.close(Duration.ZERO);
        }
    }

    /**
     * A commit returns before its markers reach the partition; a look-up that meets an undecided manifest must wait
     * for the decision rather than answer with the version before it (the race that once failed this suite in CI).
     */
    @Test
    void shouldAnswerWithAManifestWhoseTransactionCommitsWhileTheLookUpWaits() throws Exception {
        Release before = release(500, 100, 8, 7, "2020-09-02T12:00:00Z");
        Release after = release(500, 100, 8, 8, "2020-09-09T12:00:00Z");
        String model = before.manifest().getModel();
        try (KafkaReleaseStore store = new KafkaReleaseStore(kafka.bootstrapServers(), topics, "trainer-c");
             KafkaProducer<String, byte[]> slow = producer("trainer-d")) {
            store.publish(before, Path.of("unused"));
            slow.initTransactions();
            slow.beginTransaction();
            slow.send(new ProducerRecord<>(Topics.MODEL_RELEASES, model,
                    topics.modelReleases().valueSerde().serializer().serialize(Topics.MODEL_RELEASES, after.manifest())))
                    .get();

            CompletableFuture<Optional<ModelRelease>> lookUp = CompletableFuture.supplyAsync(() -> store.live(model));
            Thread.sleep(500);
            assertThat(lookUp).as("still waiting for the open transaction").isNotDone();
            slow.commitTransaction();

            assertThat(lookUp.get(KafkaReleaseStore.DECIDED_WAIT.toSeconds(), TimeUnit.SECONDS))
                    .contains(after.manifest());
        }
    }
}
