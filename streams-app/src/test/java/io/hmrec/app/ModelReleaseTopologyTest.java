package io.hmrec.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.app.store.ModelRegistry;
import io.hmrec.schemas.avro.ChunkKind;
import io.hmrec.schemas.avro.Customer;
import io.hmrec.schemas.avro.ModelChunk;
import io.hmrec.schemas.avro.ModelRelease;
import io.hmrec.schemas.avro.RecommendationEntry;
import io.hmrec.schemas.avro.RecommendationList;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** A model release is hot-swapped in and every active customer gets a new list, in a batched refresh pass. */
class ModelReleaseTopologyTest {
    private static final String ALICE = "a".repeat(64);
    private static final String BOB = "b".repeat(64);
    private static final String CAROL = "c".repeat(64);
    private static final String DAVE = "d".repeat(64);
    private static final String X = "0100000001";
    private static final String W = "0200000001";
    private static final String V = "0300000001";
    private static final String Y = "0400000001";
    private static final String Z = "0500000001";

    private static ByteBuffer floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.flip();
    }

    private static void release(TopologyFixture f, String version, boolean corruptChecksum) {
        List<ModelChunk> chunks = List.of(
                ModelChunk.newBuilder().setModel("dot-cf").setVersion(version).setIndex(0).setKind(ChunkKind.CUSTOMER_EMBEDDINGS)
                        .setIds(List.of(ALICE, BOB)).setDim(2).setValues(floats(1, 0, 0, 1)).build(),
                ModelChunk.newBuilder().setModel("dot-cf").setVersion(version).setIndex(1).setKind(ChunkKind.ARTICLE_EMBEDDINGS)
                        .setIds(List.of(X, Y, Z)).setDim(2).setValues(floats(0, 0, 1, 0, 0, 1)).build());
        for (ModelChunk c : chunks) {
            f.chunks.pipeInput(c.getModel() + "/" + c.getVersion() + "/" + c.getKind() + "/" + c.getIndex(), c);
        }
        String checksum = ModelRegistry.checksum(chunks);
        f.releases.pipeInput("dot-cf", ModelRelease.newBuilder().setModel("dot-cf").setVersion(version)
                .setCreatedAt(Instant.parse("2020-09-02T00:00:00Z").plusSeconds(version.hashCode() & 0xffff))
                .setAsOfDate(LocalDate.parse("2020-09-01")).setTrainWindowDays(84).setDim(2).setChunkCount(2)
                .setChecksum(corruptChecksum ? checksum.replace(checksum.charAt(0), checksum.charAt(0) == 'a' ? 'b' : 'a') : checksum)
                .setMetrics(Map.of("map12", 0.02)).setDevice("cpu()").build());
    }

    private record E(String article, String source) {}

    private static List<E> entries(RecommendationList l) {
        return l.getEntries().stream().map((RecommendationEntry e) -> new E(e.getArticleId(), e.getSource())).toList();
    }

    @Test
    void shouldRefreshEveryActiveCustomerWhenAModelIsReleasedAndIgnoreABadChecksum() throws Exception {
        try (TopologyFixture f = new TopologyFixture(Map.of())) {
            f.buy(CAROL, V, "2020-06-01"); // 92 days before the others: not active
            f.buy(ALICE, X, "2020-09-01");
            f.buy(BOB, W, "2020-09-01");
            f.buy(DAVE, W, "2020-09-01");
            f.tick(); // popularity published; no model yet, so no pass
            f.recommendations.readRecordsToList();

            release(f, "v1", false);
            f.tick(); // the model is verified and activated, and the pass re-lists the active customers
            List<TestRecord<String, RecommendationList>> out = f.recommendations.readRecordsToList();
            assertRelisted(out, "v1", "2020-09-01", ALICE, BOB, DAVE);
            // Alice (1,0) scores Y 1, X 0, Z 0; Bob (0,1) scores Z 1, X 0, Y 0. Popularity: W 2 units, X 1, V 1 (old).
            assertThat(entries(out.get(0).value())).containsExactly(new E(X, "repurchase"), new E(W, "trending"),
                    new E(Y, "embedding"), new E(V, "trending"), new E(Z, "embedding"));
            assertThat(entries(out.get(1).value())).containsExactly(new E(W, "repurchase"), new E(X, "embedding"),
                    new E(Z, "embedding"), new E(V, "trending"), new E(Y, "embedding"));
            assertThat(entries(out.get(2).value())).containsExactly(new E(W, "repurchase"), new E(X, "trending"),
                    new E(V, "trending"));

            release(f, "v2", true); // checksum does not match its chunks: never activated
            f.tick();
            assertThat(f.recommendations.readRecordsToList()).isEmpty();
            assertThat(f.topology.models().current().version()).isEqualTo("v1");
        }
    }

    @Test
    void shouldRefreshEveryActiveCustomerWhenTheCustomerCatalogWasLoadedAtWallClockTime() throws Exception {
        try (TopologyFixture f = new TopologyFixture(Map.of())) {
            // the loader sends catalog rows without a timestamp, so the producer stamps them with the wall clock,
            // years after the purchases' event days
            Instant loadedAt = Instant.parse("2025-01-15T10:00:00Z");
            for (String c : List.of(ALICE, BOB, CAROL, DAVE)) {
                f.customers.pipeInput(c, Customer.newBuilder().setCustomerId(c).setAge(25).build(), loadedAt);
            }
            f.buy(CAROL, V, "2020-06-01"); // 92 days before the others: not active
            f.buy(ALICE, X, "2020-09-01");
            f.buy(BOB, W, "2020-09-01");
            f.buy(DAVE, W, "2020-09-01");
            f.tick();
            f.recommendations.readRecordsToList();

            release(f, "v1", false);
            f.tick();
            List<TestRecord<String, RecommendationList>> out = f.recommendations.readRecordsToList();
            assertRelisted(out, "v1", "2020-09-01", ALICE, BOB, DAVE);
        }
    }

    /** Exactly {@code customers}, in order, re-listed by a model-release pass with {@code version} as of {@code day}. */
    private static void assertRelisted(List<TestRecord<String, RecommendationList>> out, String version, String day,
                                       String... customers) {
        assertThat(out).extracting(TestRecord::key).containsExactly(customers);
        assertThat(out).allSatisfy(r -> {
            assertThat(r.value().getTrigger()).isEqualTo("model-release");
            assertThat(r.value().getModelVersion()).isEqualTo(version);
            assertThat(r.value().getAsOfDate()).isEqualTo(LocalDate.parse(day));
        });
    }
}
