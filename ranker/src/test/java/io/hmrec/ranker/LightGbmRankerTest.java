package io.hmrec.ranker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rank.CandidateFeatures;
import io.hmrec.core.rank.FeatureRows;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LightGbmRankerTest {
    private static final CandidateFeatures FEATURES = CandidateFeatures.standard();
    private static final String SIGNAL = "src_co-purchase_score";
    private static final RankerSettings SETTINGS = RankerSettings.defaults().withIterations(30).withMinDataInLeaf(5);

    /** Random features; an article is bought exactly when the SIGNAL feature exceeds 0.8. */
    private static List<RankerQuery> queries(int n, int candidates, long seed) {
        Random rnd = new Random(seed);
        int width = FEATURES.names().size();
        int signal = FEATURES.names().indexOf(SIGNAL);
        List<RankerQuery> out = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            List<String> ids = new ArrayList<>();
            double[] v = new double[candidates * width];
            Set<String> bought = new HashSet<>();
            for (int r = 0; r < candidates; r++) {
                String id = String.format("%010d", q * 1000 + r);
                ids.add(id);
                for (int c = 0; c < width; c++) {
                    v[r * width + c] = rnd.nextDouble();
                }
                if (v[r * width + signal] > 0.8) {
                    bought.add(id);
                }
            }
            out.add(new RankerQuery(new FeatureRows("c" + seed + "-" + q, FEATURES.names(), ids, v), bought));
        }
        return out;
    }

    @Test
    void shouldPutBoughtCandidatesFirstWhenOneFeatureDeterminesTheLabel() {
        TrainedRanker trained = new RankerTrainer(SETTINGS).train(queries(150, 30, 1));

        assertThat(trained.gainImportance().keySet().iterator().next()).isEqualTo(SIGNAL);
        try (LightGbmRanker ranker = LightGbmRanker.load("v1", trained.modelText(), FEATURES, 1)) {
            for (RankerQuery q : queries(20, 30, 2)) {
                List<ScoredArticle> ranked = ranker.rank(q.rows());
                List<String> top = ranked.subList(0, q.bought().size()).stream().map(ScoredArticle::articleId).toList();
                assertThat(new HashSet<>(top)).isEqualTo(q.bought());
                assertThat(ranked).allMatch(a -> a.source().equals(LightGbmRanker.SOURCE)).hasSize(30);
            }
        }
    }

    @Test
    void shouldScoreIdenticallyWhenModelIsSavedAndLoadedAgain() {
        TrainedRanker trained = new RankerTrainer(SETTINGS).train(queries(100, 20, 3));
        TrainedRanker again = new RankerTrainer(SETTINGS).train(queries(100, 20, 3));
        assertThat(again.modelText()).isEqualTo(trained.modelText());

        FeatureRows probe = queries(1, 50, 4).get(0).rows();
        try (LightGbmRanker first = LightGbmRanker.load("v1", trained.modelText(), FEATURES, 1);
             LightGbmRanker reloaded = LightGbmRanker.load("v1", first.modelText(), FEATURES, 2)) {
            assertThat(reloaded.score(probe)).containsExactly(first.score(probe));
            assertThat(reloaded.rank(probe)).isEqualTo(first.rank(probe));
        }
    }

    @Test
    void shouldScoreTheSameFromManyThreadsAsFromOne() throws Exception {
        TrainedRanker trained = new RankerTrainer(SETTINGS).train(queries(60, 20, 5));
        List<RankerQuery> probes = queries(40, 25, 6);
        try (LightGbmRanker ranker = LightGbmRanker.load("v1", trained.modelText(), FEATURES, 1)) {
            List<double[]> serial = probes.stream().map(q -> ranker.score(q.rows())).toList();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<double[]>> parallel = new ArrayList<>();
                for (RankerQuery q : probes) {
                    parallel.add(pool.submit(() -> ranker.score(q.rows())));
                }
                for (int i = 0; i < probes.size(); i++) {
                    assertThat(parallel.get(i).get()).containsExactly(serial.get(i));
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void shouldRefuseModelWhenItsFeatureNamesDiffer() {
        CandidateFeatures other = new CandidateFeatures(List.of("repurchase", "trending"));
        Random rnd = new Random(7);
        List<RankerQuery> qs = new ArrayList<>();
        int width = other.names().size();
        for (int q = 0; q < 30; q++) {
            double[] v = new double[10 * width];
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextDouble();
            }
            List<String> ids = new ArrayList<>();
            for (int r = 0; r < 10; r++) {
                ids.add(String.format("%010d", r));
            }
            qs.add(new RankerQuery(new FeatureRows("c" + q, other.names(), ids, v), Set.of(ids.get(q % 10))));
        }
        String text = new RankerTrainer(SETTINGS).train(qs).modelText();

        assertThatThrownBy(() -> LightGbmRanker.load("v-old", text, FEATURES, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ranker model v-old: ranker model features do not match the candidate features")
                .hasMessageContaining("missing from model [src_same-product_score");
        assertThatThrownBy(() -> LightGbmRanker.load("v-bad", "not a model", FEATURES, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ranker model v-bad is not a LightGBM model");
    }

    @Test
    void shouldRefuseToTrainWhenNoQueryHasAPooledPositive() {
        List<RankerQuery> qs = queries(3, 5, 8).stream()
                .map(q -> new RankerQuery(q.rows(), Set.of("9999999999"))).toList();
        assertThatThrownBy(() -> new RankerTrainer(SETTINGS).train(qs))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot train the ranker: none of 3 queries has a bought article among its candidates");
    }
}
