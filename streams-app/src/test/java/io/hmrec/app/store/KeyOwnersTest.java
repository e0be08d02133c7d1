package io.hmrec.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.schemas.Topics;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.internals.DefaultStreamPartitioner;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class KeyOwnersTest {
    private static final HostInfo A = new HostInfo("a", 1);
    private static final HostInfo B = new HostInfo("b", 2);

    /** A KafkaStreams that is never started and answers ownership questions from a script, counting them. */
    private static final class ScriptedStreams extends KafkaStreams {
        final List<String> asked = new ArrayList<>();
        ToIntFunction<String> partition = k -> KeyOwners.partitionOf(k, Topics.CUSTOMER_PARTITIONS);
        HostInfo owner = A;

        ScriptedStreams() throws Exception {
            super(topology(), props());
        }

        private static org.apache.kafka.streams.Topology topology() {
            StreamsBuilder b = new StreamsBuilder();
            b.stream(Topics.TRANSACTIONS, Consumed.with(Serdes.String(), Serdes.ByteArray()));
            return b.build();
        }

        private static Properties props() throws Exception {
            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, "key-owners-test");
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
            p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("key-owners").toString());
            return p;
        }

        @Override
        public <K> KeyQueryMetadata queryMetadataForKey(String store, K key, Serializer<K> serializer) {
            asked.add((String) key);
            return new KeyQueryMetadata(owner, Set.of(), partition.applyAsInt((String) key));
        }
    }

    private static String customer(Random r) {
        StringBuilder s = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            s.append(Character.forDigit(r.nextInt(16), 16));
        }
        return s.toString();
    }

    @Test
    void shouldPlaceKeysWhereKafkasDefaultPartitionerDoes() {
        Random r = new Random(7);
        for (int partitions : new int[] {1, 3, 4, 12}) {
            DefaultStreamPartitioner<String, Object> kafka = new DefaultStreamPartitioner<>(Serdes.String().serializer());
            for (int i = 0; i < 5_000; i++) {
                String key = i % 5 == 0 ? "c" + i : customer(r);
                assertThat(Set.of(KeyOwners.partitionOf(key, partitions)))
                        .as("key %s of %d partitions", key, partitions)
                        .isEqualTo(kafka.partitions(Topics.TRANSACTIONS, key, null, partitions).orElseThrow());
            }
        }
    }

    @Test
    void shouldAskKafkaOncePerPartitionUntilTheAnswersAreForgotten() throws Exception {
        try (ScriptedStreams streams = new ScriptedStreams()) {
            KeyOwners owners = new KeyOwners(streams, "store", Topics.CUSTOMER_PARTITIONS, Long.MAX_VALUE);
            Random r = new Random(1);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                keys.add(customer(r));
            }
            for (String k : keys) {
                KeyQueryMetadata md = owners.metadata(k);
                assertThat(md.activeHost()).isEqualTo(A);
                assertThat(md.partition()).isEqualTo(KeyOwners.partitionOf(k, Topics.CUSTOMER_PARTITIONS));
            }
            assertThat(streams.asked).as("one question per partition").hasSize(Topics.CUSTOMER_PARTITIONS);

            streams.owner = B; // a rebalance moved everything to B
            owners.forget();
            for (String k : keys) {
                assertThat(owners.metadata(k).activeHost()).isEqualTo(B);
            }
            assertThat(streams.asked).hasSize(2 * Topics.CUSTOMER_PARTITIONS);
        }
    }

    @Test
    void shouldAskAgainOnceAnAnswerIsOlderThanItsTimeToLive() throws Exception {
        try (ScriptedStreams streams = new ScriptedStreams()) {
            KeyOwners owners = new KeyOwners(streams, "store", Topics.CUSTOMER_PARTITIONS, 0L);
            owners.metadata("c1");
            owners.metadata("c1");
            assertThat(streams.asked).containsExactly("c1", "c1");
        }
    }

    @Test
    void shouldNotRememberAnUnknownOwner() throws Exception {
        try (ScriptedStreams streams = new ScriptedStreams()) {
            KeyOwners owners = new KeyOwners(streams, "store", Topics.CUSTOMER_PARTITIONS, Long.MAX_VALUE);
            streams.partition = k -> -1; // what NOT_AVAILABLE carries while the group forms
            assertThat(owners.metadata("c1").partition()).isEqualTo(-1);
            streams.partition = k -> KeyOwners.partitionOf(k, Topics.CUSTOMER_PARTITIONS);
            assertThat(owners.metadata("c1").partition()).isEqualTo(KeyOwners.partitionOf("c1", Topics.CUSTOMER_PARTITIONS));
            assertThat(streams.asked).containsExactly("c1", "c1");
        }
    }

    @Test
    void shouldPassEveryQuestionToKafkaOnceKafkaPlacesAKeyElsewhere() throws Exception {
        try (ScriptedStreams streams = new ScriptedStreams()) {
            KeyOwners owners = new KeyOwners(streams, "store", Topics.CUSTOMER_PARTITIONS, Long.MAX_VALUE);
            // a source topic created with other partitions than the topology assumes: Kafka's answer wins
            streams.partition = k -> (KeyOwners.partitionOf(k, Topics.CUSTOMER_PARTITIONS) + 1) % Topics.CUSTOMER_PARTITIONS;
            int kafka = streams.partition.applyAsInt("c1");
            assertThat(owners.metadata("c1").partition()).isEqualTo(kafka);
            assertThat(owners.metadata("c1").partition()).isEqualTo(kafka);
            assertThat(owners.metadata("c2").partition()).isEqualTo(streams.partition.applyAsInt("c2"));
            assertThat(streams.asked).containsExactly("c1", "c1", "c2");
        }
    }
}
