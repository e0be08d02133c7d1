package io.hmrec.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.PopularityKind;
import io.hmrec.core.state.DecayedCount;
import io.hmrec.core.state.HalfLives;
import io.hmrec.core.state.TopN;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class PopularityCacheTest {
    private static final HalfLives HALF_LIVES = new HalfLives(28, 7);
    private static final int DAY = 18_500;

    @Test
    void shouldServeTheMergeOfThePartitionsCurrentListsAfterEveryPublish() {
        // partitions publish one at a time, as while purchases flow; each answer must be what decoding every
        // partition's current list, keeping each article's best rank key and sorting gives, converted to the day
        KeyValueStore<String, byte[]> store = store();
        PopularityCache cache = new PopularityCache(HALF_LIVES);
        Random rnd = new Random(6);
        Map<Integer, TopN> current = new HashMap<>();
        for (int step = 0; step < 300; step++) {
            int partition = rnd.nextInt(4);
            TopN list = current.getOrDefault(partition, TopN.empty(5));
            for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
                // an article usually stays in its partition; now and then one shows up in two (a reassignment)
                int article = rnd.nextInt(10) == 0 ? rnd.nextInt(40) : partition * 10 + rnd.nextInt(10);
                list = list.update(String.format("%010d", article), rnd.nextInt(50) / 8.0);
            }
            current.put(partition, list);
            store.put(StorePopularityView.key(PopularityKind.TRENDING, -1, partition), list.toBytes());

            Map<String, Double> best = new HashMap<>();
            current.values().forEach(t -> t.entries().forEach(e -> best.merge(e.articleId(), e.score(), Math::max)));
            List<TopN.Entry> merged = new ArrayList<>();
            best.forEach((id, key) -> merged.add(new TopN.Entry(id, key)));
            merged.sort(TopN.BEST_FIRST);
            List<ScoredArticle> expected = new ArrayList<>();
            for (TopN.Entry e : merged) {
                expected.add(new ScoredArticle(e.articleId(),
                        DecayedCount.valueFromRankKey(e.score(), DAY, HALF_LIVES.of(PopularityKind.TRENDING)), "trending"));
            }
            assertThat(cache.top(store, PopularityKind.TRENDING, -1, DAY)).as("step %d", step).isEqualTo(expected);
            assertThat(cache.merged(store, PopularityKind.TRENDING, -1, DAY).entries()).isEqualTo(merged);
            String some = merged.get(0).articleId();
            assertThat(cache.score(store, PopularityKind.TRENDING, -1, DAY, some)).isEqualTo(expected.get(0).score());
            assertThat(cache.score(store, PopularityKind.TRENDING, -1, DAY, "0999999999")).isZero();
        }
    }

    @Test
    void shouldReturnTheSameListWhileNoPartitionPublishes() {
        KeyValueStore<String, byte[]> store = store();
        PopularityCache cache = new PopularityCache(HALF_LIVES);
        store.put(StorePopularityView.key(PopularityKind.POPULAR, 2, 0), TopN.empty(3).update("0000000001", 4.0).toBytes());
        store.put(StorePopularityView.key(PopularityKind.POPULAR, 2, 1), TopN.empty(3).update("0000000002", 5.0).toBytes());
        List<ScoredArticle> first = cache.top(store, PopularityKind.POPULAR, 2, DAY);
        assertThat(first).extracting(ScoredArticle::articleId).containsExactly("0000000002", "0000000001");
        assertThat(cache.top(store, PopularityKind.POPULAR, 2, DAY)).isSameAs(first);
        // the same bytes written again are no change either
        store.put(StorePopularityView.key(PopularityKind.POPULAR, 2, 1), TopN.empty(3).update("0000000002", 5.0).toBytes());
        assertThat(cache.top(store, PopularityKind.POPULAR, 2, DAY)).isSameAs(first);
    }

    private static KeyValueStore<String, byte[]> store() {
        return TestStores.inMemory("popularity-top");
    }
}
