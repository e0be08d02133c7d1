package io.hmrec.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.state.Neighbours;
import java.util.Random;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class StoreNeighbourViewTest {
    private static final double HALF_LIFE = 90;

    @Test
    void shouldAnswerAsAFreshDecodeOfTheStoredListWhateverWasAskedBefore() {
        answersAsFreshDecodes(new StoreNeighbourView.Cache(3), GlobalStoreVersions.NONE.of("neighbours"));
    }

    @Test
    void shouldAnswerAsAFreshDecodeOfTheStoredListWhenWritesAreCounted() {
        // four version slots for 50 articles: a write also invalidates the articles that share its slot
        GlobalStoreVersions.Keys versions = new GlobalStoreVersions(2).of("neighbours");
        answersAsFreshDecodes(new StoreNeighbourView.Cache(3, versions), versions);
    }

    @Test
    void shouldNotReadTheStoreForAnArticleNotWrittenSinceItsAnswer() {
        KeyValueStore<String, byte[]> store = store();
        GlobalStoreVersions.Keys versions = new GlobalStoreVersions().of("neighbours");
        StoreNeighbourView.Cache cache = new StoreNeighbourView.Cache(versions);
        CountingStore counted = new CountingStore(store);
        store.put("0000000001", Neighbours.empty(5).add("0000000002", 2, 18_000, HALF_LIFE).toBytes());
        var first = new StoreNeighbourView(counted, 18_001, HALF_LIFE, cache).neighbours("0000000001", 5);
        assertThat(new StoreNeighbourView(counted, 18_001, HALF_LIFE, cache).neighbours("0000000001", 5)).isSameAs(first);
        assertThat(counted.reads).isEqualTo(1);

        store.put("0000000001", Neighbours.empty(5).add("0000000003", 4, 18_001, HALF_LIFE).toBytes());
        versions.written("0000000001");
        assertThat(new StoreNeighbourView(counted, 18_001, HALF_LIFE, cache).neighbours("0000000001", 5))
                .extracting(ScoredArticle::articleId).containsExactly("0000000003");
        assertThat(counted.reads).isEqualTo(2);
    }

    private static void answersAsFreshDecodes(StoreNeighbourView.Cache cache, GlobalStoreVersions.Keys versions) {
        // views of several days and lengths over one cache, the store changing between lookups, with 50 articles
        // sharing 8 slots: every answer is the decode of what the store holds now
        KeyValueStore<String, byte[]> store = store();
        Random rnd = new Random(7);
        for (int step = 0; step < 3000; step++) {
            String article = String.format("%010d", rnd.nextInt(50));
            if (rnd.nextInt(3) == 0) {
                byte[] before = store.get(article);
                Neighbours n = before == null ? Neighbours.empty(5) : Neighbours.fromBytes(before);
                n = n.add(String.format("%010d", rnd.nextInt(50)), 1 + rnd.nextInt(3), 18_000 + rnd.nextInt(5), HALF_LIFE);
                store.put(article, n.toBytes());
                versions.written(article); // as the global store's writer does after each write
            }
            int day = 18_004 + rnd.nextInt(2);
            int length = 1 + rnd.nextInt(5);
            byte[] now = store.get(article);
            assertThat(new StoreNeighbourView(store, day, HALF_LIFE, cache).neighbours(article, length))
                    .as("step %d", step)
                    .isEqualTo(now == null ? java.util.List.of()
                            : Neighbours.fromBytes(now).top(length, day, HALF_LIFE, "co-purchase"));
        }
    }

    @Test
    void shouldServeTheSameAnswerWhileTheStoredListIsUnchanged() {
        KeyValueStore<String, byte[]> store = store();
        store.put("0000000001", Neighbours.empty(5).add("0000000002", 2, 18_000, HALF_LIFE).toBytes());
        StoreNeighbourView.Cache cache = new StoreNeighbourView.Cache();
        var first = new StoreNeighbourView(store, 18_001, HALF_LIFE, cache).neighbours("0000000001", 5);
        assertThat(new StoreNeighbourView(store, 18_001, HALF_LIFE, cache).neighbours("0000000001", 5)).isSameAs(first);
        assertThat(new StoreNeighbourView(store, 18_002, HALF_LIFE, cache).neighbours("0000000001", 5)).isNotSameAs(first);
    }

    private static KeyValueStore<String, byte[]> store() {
        return TestStores.inMemory("neighbours");
    }
}
