package io.hmrec.core.rec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserCfModelTest extends RecommenderModelContract {
    @Override
    protected RecommenderModel newModel() {
        return new UserCfModel(10, 30);
    }

    @Override
    protected RecommenderModelLoader loader() {
        return UserCfModel.LOADER;
    }

    @Test
    void shouldScoreArticlesByTheSimilarityOfTheCustomersWhoBoughtThem() {
        // u bought A, B; v bought A, B, C (sim 2/sqrt(6)); w bought A, D (sim 1/sqrt(4)); all on the cut's eve
        String a = "0000000001";
        String b = "0000000002";
        String c = "0000000003";
        String d = "0000000004";
        TrainingData data = new TrainingData(10, List.of(new Purchase(9, "u", a, 0.1, 1), new Purchase(9, "u", b, 0.1, 1),
                new Purchase(9, "v", a, 0.1, 1), new Purchase(9, "v", b, 0.1, 1), new Purchase(9, "v", c, 0.1, 1),
                new Purchase(9, "w", a, 0.1, 1), new Purchase(9, "w", d, 0.1, 1)), Map.of(), Map.of(), Map.of());
        RecommenderModel m = newModel();
        m.fit(data, 1);
        List<ScoredArticle> got = m.recommend(List.of("u"), 5, true).get(0);
        assertThat(got).extracting(ScoredArticle::articleId).containsExactly(c, d);
        assertThat(got.get(0).score()).isCloseTo(2 / Math.sqrt(6), within(1e-12));
        assertThat(got.get(1).score()).isCloseTo(0.5, within(1e-12));
    }
}
