package io.hmrec.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.core.state.NegativeSampler;
import io.hmrec.schemas.Topics;
import io.hmrec.testsupport.EmbeddedKafka;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The stream's negatives reach the trainer from the topology's negatives store changelog on a real broker: the latest
 * committed sample per customer of the cut, tombstones and aborted writes honoured, other customers left out.
 */
class StreamNegativesIT {
    private static final String CHANGELOG = Topics.storeChangelog("hmrec-streams", "negatives-store");

    @Test
    void shouldReadTheLatestCommittedSampleOfEachCustomerOfTheCut() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(CHANGELOG, 2, (short) 1)
                        .configs(Map.of("cleanup.policy", "compact")))).all().get();
            }
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "negatives-it");
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(record("alice", sample(100, "0108775015", "0108775044")));
                producer.send(record("alice", sample(101, "0110065001", "0111565001", "0111586001")));
                producer.send(record("bob", sample(100, "0108775015")));
                producer.send(record("bob", null)); // the store dropped bob
                producer.send(record("carol", sample(101, "0108775044"))); // not a customer of the cut
                producer.send(record("dave", sample(101))); // no samples yet
                producer.commitTransaction();
                producer.beginTransaction(); // never committed: must not be read
                producer.send(record("alice", sample(102, "0999999999")));
                producer.flush();
                producer.abortTransaction();
            }

            Map<String, List<String>> negatives = NegativesReplay.read(kafka.bootstrapServers(), CHANGELOG,
                    Set.of("alice", "bob", "dave", "erin"));

            assertThat(negatives).isEqualTo(Map.of("alice", List.of("0110065001", "0111565001", "0111586001")));
            assertThat(NegativesReplay.read(kafka.bootstrapServers(), "hmrec-other-negatives-store-changelog",
                    Set.of("alice"))).as("no such topic: the models draw their own").isEmpty();
        }
    }

    private static ProducerRecord<String, byte[]> record(String customer, byte[] value) {
        return new ProducerRecord<>(CHANGELOG, customer, value);
    }

    private static byte[] sample(int day, String... articles) {
        return new NegativeSampler.Sample(day, List.of(articles)).toBytes();
    }
}
