package io.hmrec.trainer.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.ChunkKind;
import io.hmrec.schemas.avro.ModelChunk;
import io.hmrec.schemas.avro.ModelRelease;
import io.hmrec.schemas.registry.InMemorySchemaRegistry;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.trainer.model.EmbeddingTables;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ModelPublisherTest {
    private final Topics topics = new Topics(new AvroSerdes(new InMemorySchemaRegistry()));
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final ModelPublisher publisher = new ModelPublisher(producer, topics.modelChunks().valueSerde().serializer(),
            topics.modelChunks().name(), topics.modelReleases().valueSerde().serializer(), topics.modelReleases().name());

    static EmbeddingTables tables(int customers, int articles, int dim, boolean biases, long seed) {
        Random r = new Random(seed);
        List<String> cs = new ArrayList<>();
        List<String> as = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            cs.add(String.format("%064x", i));
        }
        for (int i = 0; i < articles; i++) {
            as.add(String.format("%010d", 100_000_000 + i));
        }
        float[] ce = new float[customers * dim];
        float[] ae = new float[articles * dim];
        for (int i = 0; i < ce.length; i++) {
            ce[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < ae.length; i++) {
            ae[i] = (float) r.nextGaussian();
        }
        float[] cb = biases ? new float[customers] : new float[0];
        float[] ab = biases ? new float[articles] : new float[0];
        for (int i = 0; i < cb.length; i++) {
            cb[i] = i * 0.5f;
        }
        for (int i = 0; i < ab.length; i++) {
            ab[i] = -i;
        }
        return new EmbeddingTables(cs, as, dim, ce, ae, cb, ab, new int[customers][0], biases, -0.5f, 1.5f);
    }

    static Release release(EmbeddingTables t, Instant at, int maxChunkBytes) {
        return Release.of("dot-cf", t, at, LocalDate.of(2020, 9, 16), 84, Map.of("map12", 0.02), "cpu()", 1L,
                maxChunkBytes);
    }

    @Test
    void shouldCutTablesIntoChunksUnderTheLimitThatDecodeBackToTheSameRows() {
        EmbeddingTables t = tables(5_000, 700, 64, true, 1);
        Release r = release(t, Instant.parse("2020-09-16T12:00:00Z"), 100_000);

        assertThat(r.chunks()).extracting(ModelChunk::getIndex)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, r.chunks().size()).boxed().toList());
        assertThat(r.chunks()).allSatisfy(c -> assertThat(topics.modelChunks().valueSerde().serializer()
                .serialize("t", c).length).isLessThanOrEqualTo(100_000));
        assertThat(r.manifest().getChunkCount()).isEqualTo(r.chunks().size());
        assertThat(r.manifest().getChecksum()).isEqualTo(ModelChunks.checksum(r.chunks())).hasSize(64);
        assertThat(r.manifest().getVersion()).startsWith("20200916T120000Z-dot-cf-");

        List<String> ids = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        for (ModelChunk c : r.chunks()) {
            if (c.getKind() == ChunkKind.CUSTOMER_EMBEDDINGS) {
                ids.addAll(c.getIds());
                ByteBuffer b = c.getValues().duplicate().order(ByteOrder.LITTLE_ENDIAN);
                while (b.hasRemaining()) {
                    values.add(b.getFloat());
                }
            }
        }
        assertThat(ids).isEqualTo(t.customerIds());
        float[] expected = t.customerEmbeddings();
        assertThat(values).hasSize(expected.length);
        for (int i = 0; i < expected.length; i += 997) {
            assertThat(values.get(i)).isEqualTo(expected[i]);
        }
        assertThat(r.chunks()).extracting(ModelChunk::getKind).containsSubsequence(ChunkKind.CUSTOMER_EMBEDDINGS,
                ChunkKind.ARTICLE_EMBEDDINGS, ChunkKind.CUSTOMER_BIAS, ChunkKind.ARTICLE_BIAS);
    }

    @Test
    void shouldCommitAllChunksThenTheManifestInOneTransaction() {
        Release r = release(tables(300, 50, 8, false, 2), Instant.parse("2020-09-16T12:00:00Z"), 5_000);
        publisher.publish(r);

        assertThat(producer.transactionCommitted()).isTrue();
        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).hasSize(r.chunks().size() + 1);
        assertThat(sent.subList(0, r.chunks().size())).extracting(ProducerRecord::topic).containsOnly(Topics.MODEL_CHUNKS);
        ProducerRecord<String, byte[]> last = sent.get(sent.size() - 1);
        assertThat(last.topic()).isEqualTo(Topics.MODEL_RELEASES);
        assertThat(last.key()).isEqualTo("dot-cf");
        ModelRelease m = topics.modelReleases().valueSerde().deserializer().deserialize(Topics.MODEL_RELEASES, last.value());
        assertThat(m).isEqualTo(r.manifest());
        assertThat(sent.get(0).key()).isEqualTo("dot-cf/" + m.getVersion() + "/CUSTOMER_EMBEDDINGS/0");
    }

    @Test
    void shouldAbortAndKeepTheLiveVersionWhenASendFailsMidRelease() {
        Release v1 = release(tables(300, 50, 8, false, 3), Instant.parse("2020-09-16T12:00:00Z"), 5_000);
        Release v2 = release(tables(300, 50, 8, false, 4), Instant.parse("2020-09-23T12:00:00Z"), 5_000);
        publisher.publish(v1);
        List<ProducerRecord<String, byte[]>> committed = List.copyOf(producer.history());

        assertThatThrownBy(() -> publisher.publish(v2, i -> {
            if (i == 2) {
                throw new KafkaException("broker went away");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("aborted")
                .hasMessageContaining(v2.manifest().getVersion());

        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.history()).isEqualTo(committed);
    }

    @Test
    void shouldLeaveNothingCommittedWhenTheProcessDiesBeforeTheCommit() {
        Release v1 = release(tables(300, 50, 8, false, 5), Instant.parse("2020-09-16T12:00:00Z"), 5_000);
        Release v2 = release(tables(300, 50, 8, false, 6), Instant.parse("2020-09-23T12:00:00Z"), 5_000);
        publisher.publish(v1);
        List<ProducerRecord<String, byte[]>> committed = List.copyOf(producer.history());

        assertThatThrownBy(() -> publisher.publish(v2, i -> {
            if (i == v2.chunks().size() - 1) {
                throw new OutOfMemoryError("simulated kill before the manifest");
            }
        })).isInstanceOf(OutOfMemoryError.class);

        assertThat(producer.history()).isEqualTo(committed);
        assertThat(producer.transactionInFlight()).isTrue();
    }
}
