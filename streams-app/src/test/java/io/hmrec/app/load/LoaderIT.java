package io.hmrec.app.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hmrec.core.data.KaggleFiles;
import io.hmrec.core.data.PurchaseRow;
import io.hmrec.core.data.RejectSink;
import io.hmrec.core.data.TransactionReader;
import io.hmrec.core.synth.GeneratorConfig;
import io.hmrec.core.synth.SyntheticGenerator;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.testsupport.TestServices;
import io.hmrec.testsupport.TestServicesExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The loader on a real broker and registry: a crash mid-file and a resume publish every event exactly once. */
@ExtendWith(TestServicesExtension.class)
class LoaderIT {
    @TempDir
    Path dir;

    /** A real producer that dies (throws) on the n-th purchase send, like a killed process mid-batch. */
    static final class DyingProducer extends KafkaProducer<byte[], byte[]> {
        private int left;

        DyingProducer(Properties props, int dieAt) {
            super(props);
            this.left = dieAt;
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            if (record.topic().equals(Topics.TRANSACTIONS) && --left < 0) {
                throw new IllegalStateException("simulated crash");
            }
            return super.send(record, callback);
        }
    }

    @Test
    void shouldPublishEveryEventExactlyOnceWhenResumedAfterACrash(TestServices services) throws Exception {
        new SyntheticGenerator(new GeneratorConfig(1_500, 600, 30_000, 11, null)).generate(dir, null);
        Map<String, String> expected = new HashMap<>(); // event id -> customer
        try (TransactionReader r = TransactionReader.open(dir.resolve(KaggleFiles.TRANSACTIONS), RejectSink.COUNT_ONLY)) {
            for (PurchaseRow row; (row = r.next()) != null; ) {
                expected.put(row.eventId(), row.purchase().customerId());
            }
        }
        Set<String> ourCustomers = new HashSet<>(expected.values());
        String servers = services.bootstrapServers();
        Topics topics = new Topics(AvroSerdes.connect(SchemaRegistryConfig.of(services.registryUrl())));
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        try (Admin admin = Admin.create(ap)) {
            topics.createAll(admin, (short) 1, Duration.ofSeconds(30));
        }
        LoaderConfig config = new LoaderConfig(dir, servers, services.registryUrl(), false, 0, 0, null,
                dir.resolve("load.checkpoint"), 4_000, false);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        DyingProducer dying = new DyingProducer(KaggleLoader.producerProperties(servers), 17_500);
        try (KafkaPublishedLog log = new KafkaPublishedLog(servers, Topics.TRANSACTIONS, Topics.DLQ_TRANSACTIONS)) {
            assertThatThrownBy(() -> new KaggleLoader(config, topics, dying, log, quiet).run())
                    .hasMessage("simulated crash");
        } finally {
            dying.flush(); // what the dead process had handed to the network may well have arrived
            dying.close(Duration.ZERO);
        }
        assertThat(Checkpoint.read(config.checkpointFile()).rowsDone()).isEqualTo(16_000);

        KaggleLoader.Outcome resumed;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KaggleLoader.producerProperties(servers));
             KafkaPublishedLog log = new KafkaPublishedLog(servers, Topics.TRANSACTIONS, Topics.DLQ_TRANSACTIONS)) {
            resumed = new KaggleLoader(config, topics, producer, log, quiet).run();
        }
        assertThat(resumed.skippedBeforeCheckpoint()).isEqualTo(16_000);
        assertThat(resumed.alreadyOnTopic()).isEqualTo(1_500);
        assertThat(resumed.published()).isEqualTo(30_000 - 17_500);

        List<String> published = new ArrayList<>();
        long lastTimestamp = Long.MIN_VALUE;
        boolean timestampsMonotonePerPartition = true;
        Map<Integer, Long> lastByPartition = new HashMap<>();
        var deserializer = topics.transactions().valueSerde().deserializer();
        for (ConsumerRecord<byte[], byte[]> r : readAll(servers, Topics.TRANSACTIONS)) {
            String customer = new String(r.key(), StandardCharsets.UTF_8);
            if (!ourCustomers.contains(customer)) {
                continue; // other tests share the broker
            }
            PurchaseEvent e = deserializer.deserialize(Topics.TRANSACTIONS, r.value());
            published.add(e.getEventId());
            assertThat(e.getCustomerId()).isEqualTo(customer);
            assertThat(r.timestamp()).isEqualTo(e.getTDat().toEpochDay() * 86_400_000L);
            Long prev = lastByPartition.put(r.partition(), r.timestamp());
            timestampsMonotonePerPartition &= prev == null || prev <= r.timestamp();
            lastTimestamp = Math.max(lastTimestamp, r.timestamp());
        }
        assertThat(published).hasSize(30_000).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(timestampsMonotonePerPartition).isTrue();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String servers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> ps = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            Map<TopicPartition, Long> end = c.endOffsets(ps);
            c.assign(ps);
            c.seekToBeginning(ps);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
