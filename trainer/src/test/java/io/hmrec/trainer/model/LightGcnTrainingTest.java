package io.hmrec.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LightGcnTrainingTest {
    private static LightGcnSettings small() {
        return LightGcnSettings.defaults().withDim(16).withBatchSize(64).withLearningRate(0.05f).withShowProgress(false);
    }

    @Test
    void shouldBeatPopularityOnRecallAt12WhenGroupsArePlanted() {
        TestGraphs.Planted planted = TestGraphs.planted(3);
        LightGcnModel model = new LightGcnModel(small().withEpochs(15));
        model.fit(planted.data(), 5L);
        List<String> customers = new ArrayList<>(planted.nextWeek().keySet());
        customers.sort(Comparator.naturalOrder());

        List<List<ScoredArticle>> gcn = model.recommend(customers, 12, true);
        double gcnRecall = recall(customers, gcn, planted.nextWeek());
        double popRecall = recall(customers, popularity(planted, customers), planted.nextWeek());

        assertThat(popRecall).as("popularity").isLessThan(0.6);
        assertThat(gcnRecall).as("lightgcn recall@12 vs popularity " + popRecall).isGreaterThan(popRecall + 0.25);
        assertThat(model.lastFit()).hasValueSatisfying(r -> {
            assertThat(r.device()).isEqualTo("cpu()");
            assertThat(r.epochLosses()).hasSize(15);
            assertThat(r.epochLosses().get(14)).isLessThan(r.epochLosses().get(0));
        });
    }

    @Test
    void shouldContinueFromTheCheckpointToTheSameEmbeddingsAsAnUninterruptedRun(@TempDir Path dir) {
        TestGraphs.Checkerboard board = TestGraphs.checkerboard(10, 12);
        LightGcnModel uninterrupted = new LightGcnModel(small().withEpochs(4));
        uninterrupted.fit(board.data(), 9L);

        new LightGcnModel(small().withEpochs(2).withCheckpointDir(dir)).fit(board.data(), 9L);
        LightGcnModel resumed = new LightGcnModel(small().withEpochs(4).withCheckpointDir(dir));
        resumed.fit(board.data(), 9L);

        assertThat(resumed.lastFit()).hasValueSatisfying(r -> {
            assertThat(r.resumedFrom()).isEqualTo(2);
            assertThat(r.epochLosses()).hasSize(2);
        });
        assertThat(resumed.trained().customerEmbeddings()).containsExactly(uninterrupted.trained().customerEmbeddings());
        assertThat(resumed.trained().articleEmbeddings()).containsExactly(uninterrupted.trained().articleEmbeddings());
    }

    @Test
    void shouldServeTheSameTopListsAndScoresThroughTheEmbeddingScorerView() {
        TestGraphs.Checkerboard board = TestGraphs.checkerboard(8, 8);
        LightGcnModel model = new LightGcnModel(small().withEpochs(3));
        model.fit(board.data(), 1L);
        io.hmrec.core.rec.EmbeddingScorer scorer = model.scorer("v-test");
        String c = TestGraphs.customer(2);

        List<ScoredArticle> top = scorer.topForCustomer(c, 5);
        assertThat(scorer.modelVersion()).isEqualTo("v-test");
        assertThat(top).isEqualTo(model.recommend(List.of(c), 5, false).get(0));
        assertThat(scorer.score(c, top.get(0).articleId())).isCloseTo(top.get(0).score(),
                org.assertj.core.api.Assertions.within(1e-5));
        assertThat(scorer.topForCustomer("stranger", 5)).isEmpty();
        assertThat(scorer.score("stranger", top.get(0).articleId())).isNaN();
        assertThat(scorer.score(c, "0000000000")).isNaN();
    }

    private static List<List<ScoredArticle>> popularity(TestGraphs.Planted planted, List<String> customers) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Set<String>> bought = new HashMap<>();
        for (Purchase p : planted.data().purchases()) {
            counts.merge(p.articleId(), 1, Integer::sum);
            bought.computeIfAbsent(p.customerId(), c -> new HashSet<>()).add(p.articleId());
        }
        List<String> ranked = counts.keySet().stream()
                .sorted(Comparator.comparing((String a) -> -counts.get(a)).thenComparing(a -> a)).toList();
        List<List<ScoredArticle>> out = new ArrayList<>();
        for (String c : customers) {
            out.add(ranked.stream().filter(a -> !bought.get(c).contains(a)).limit(12)
                    .map(a -> new ScoredArticle(a, counts.get(a), "popularity")).toList());
        }
        return out;
    }

    private static double recall(List<String> customers, List<List<ScoredArticle>> recs, Map<String, List<String>> actual) {
        double sum = 0;
        for (int i = 0; i < customers.size(); i++) {
            List<String> truth = actual.get(customers.get(i));
            long hits = recs.get(i).stream().map(ScoredArticle::articleId).filter(truth::contains).count();
            sum += (double) hits / truth.size();
        }
        return sum / customers.size();
    }
}
