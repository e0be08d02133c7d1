package io.hmrec.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.RecommenderModel;
import io.hmrec.core.rec.RecommenderModelLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recommender contract (checkerboard recovery, batch equals single, save/load round trip, unknown customers)
 * for the trainer's models. Kept here until core's shared {@code RecommenderModelContract} lands.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmbeddingModelContractTest {
    private TestGraphs.Checkerboard board;
    private RecommenderModel model;

    abstract RecommenderModel newModel();

    abstract RecommenderModelLoader loader();

    @BeforeAll
    void fitOnce() {
        board = TestGraphs.checkerboard(16, 16);
        model = newModel();
        model.fit(board.data(), 7L);
    }

    @Test
    void shouldRecommendEachCustomersHeldOutArticleFirstOnTheCheckerboard() {
        List<String> customers = new ArrayList<>(board.heldOut().keySet());
        List<List<ScoredArticle>> recs = model.recommend(customers, 1, true);
        Map<String, String> firsts = new java.util.LinkedHashMap<>();
        for (int i = 0; i < customers.size(); i++) {
            firsts.put(customers.get(i), recs.get(i).get(0).articleId());
        }
        assertThat(firsts).isEqualTo(board.heldOut());
    }

    @Test
    void shouldRankSameParityArticlesAboveTheOthersWhenNothingIsFiltered() {
        List<ScoredArticle> top = model.recommend(List.of(TestGraphs.customer(3)), 8, false).get(0);
        assertThat(top).extracting(s -> Integer.parseInt(s.articleId().substring(7)) % 2).containsOnly(1);
        assertThat(top).isSortedAccordingTo(ScoredArticle.BEST_FIRST).extracting(ScoredArticle::source)
                .containsOnly(model.name());
    }

    @Test
    void shouldGiveTheSameListsInABatchAsOneByOne() {
        List<String> customers = new ArrayList<>(board.heldOut().keySet());
        List<List<ScoredArticle>> batch = model.recommend(customers, 5, true);
        List<List<ScoredArticle>> single = customers.stream().map(c -> model.recommend(List.of(c), 5, true).get(0))
                .toList();
        assertThat(batch).isEqualTo(single);
    }

    @Test
    void shouldReturnEmptyListsForUnknownCustomersInInputOrder() {
        List<List<ScoredArticle>> recs = model.recommend(List.of("nobody", TestGraphs.customer(0), "nobody-else"), 3,
                true);
        assertThat(recs).hasSize(3);
        assertThat(recs.get(0)).isEmpty();
        assertThat(recs.get(1)).hasSize(3);
        assertThat(recs.get(2)).isEmpty();
    }

    @Test
    void shouldRecommendTheSameAfterSaveAndLoad(@TempDir Path dir) throws Exception {
        List<String> customers = new ArrayList<>(board.heldOut().keySet());
        model.save(dir);
        RecommenderModel loaded = loader().load(dir);
        assertThat(loaded.name()).isEqualTo(model.name());
        assertThat(loaded.recommend(customers, 6, true)).isEqualTo(model.recommend(customers, 6, true));
        assertThat(loaded.recommend(customers, 6, false)).isEqualTo(model.recommend(customers, 6, false));
    }

    @Test
    void shouldTrainTheSameModelTwiceFromTheSameSeed() {
        RecommenderModel again = newModel();
        again.fit(board.data(), 7L);
        List<String> customers = new ArrayList<>(board.heldOut().keySet());
        assertThat(again.recommend(customers, 16, false)).isEqualTo(model.recommend(customers, 16, false));
    }
}
