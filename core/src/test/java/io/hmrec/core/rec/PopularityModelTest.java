package io.hmrec.core.rec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PopularityModelTest extends RecommenderModelContract {
    @Override
    protected RecommenderModel newModel() {
        return new PopularityModel(7);
    }

    @Override
    protected RecommenderModelLoader loader() {
        return PopularityModel.LOADER;
    }

    @Override
    protected boolean personalised() {
        return false;
    }

    @Test
    void shouldRankByPurchasesDecayedToTheCut() {
        // cut 15 -> scores as of day 14, half-life 7: A once on day 14 = 1; B twice on day 7 = 2 * 0.5 = 1; C on day 0 = 0.25
        String a = "0000000001";
        String b = "0000000002";
        String c = "0000000003";
        TrainingData data = new TrainingData(15, List.of(new Purchase(0, "x", c, 0.1, 1), new Purchase(7, "x", b, 0.1, 1),
                new Purchase(7, "y", b, 0.1, 1), new Purchase(14, "y", a, 0.1, 1)), Map.of(), Map.of(), Map.of());
        RecommenderModel m = newModel();
        m.fit(data, 1);
        List<ScoredArticle> got = m.recommend(List.of("x"), 3, false).get(0);
        assertThat(got).extracting(ScoredArticle::articleId).containsExactly(a, b, c);
        assertThat(got.get(1).score()).isCloseTo(1.0, within(1e-12));
        assertThat(got.get(2).score()).isCloseTo(0.25, within(1e-12));
        assertThat(m.recommend(List.of("x"), 3, true).get(0)).extracting(ScoredArticle::articleId).containsExactly(a);
    }
}
