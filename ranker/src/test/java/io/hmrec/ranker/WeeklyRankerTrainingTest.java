package io.hmrec.ranker;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rank.CandidateFeatures;
import io.hmrec.core.rec.InMemoryRecState;
import io.hmrec.core.rec.RecContext;
import io.hmrec.core.rec.RecommendationEngine;
import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.core.rec.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WeeklyRankerTrainingTest {
    @Test
    void shouldRankTheRepurchasedArticleFirstWhenCustomersAlwaysRebuyTheirLatestArticle() {
        // every customer owns one "staple" article and rebuys it every week; other purchases are random noise
        Random rnd = new Random(11);
        List<Purchase> purchases = new ArrayList<>();
        int cut = 18_500;
        for (int day = cut - 70; day < cut; day++) {
            for (int c = 0; c < 60; c++) {
                String customer = String.format("%064x", c);
                if ((day + c) % 7 == 0) {
                    purchases.add(new Purchase(day, customer, String.format("%010d", 500_000_000L + c), 0.02, 1));
                }
                if (rnd.nextInt(10) == 0) {
                    purchases.add(new Purchase(day, customer, String.format("%010d", 100_000_000L + rnd.nextInt(300)), 0.02, 2));
                }
            }
        }
        RecommenderSettings settings = RecommenderSettings.defaults();
        RankerSettings rs = RankerSettings.defaults().withIterations(30).withMinDataInLeaf(10);
        TrainedRanker trained = new WeeklyRankerTraining(settings, rs, 4)
                .train(new TrainingData(cut, purchases, Map.of(), Map.of(), Map.of()));

        assertThat(trained.queries()).isGreaterThan(100);
        InMemoryRecState state = new InMemoryRecState(settings, Map.of(), Map.of());
        state.applyAll(purchases);
        try (LightGbmRanker ranker = LightGbmRanker.load("v", trained.modelText(), CandidateFeatures.standard(), 1)) {
            RecContext ctx = state.context(cut - 1, Optional.empty(), Optional.of(ranker));
            RecommendationEngine engine = RecommendationEngine.standard(settings);
            int first = 0;
            for (int c = 0; c < 60; c++) {
                List<ScoredArticle> list = engine.recommend(state.profile(String.format("%064x", c)), ctx);
                first += list.get(0).articleId().equals(String.format("%010d", 500_000_000L + c)) ? 1 : 0;
                assertThat(list).hasSize(12);
            }
            assertThat(first).isGreaterThanOrEqualTo(55);
        }
    }
}
