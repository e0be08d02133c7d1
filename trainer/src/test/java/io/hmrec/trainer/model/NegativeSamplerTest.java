package io.hmrec.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.core.model.Purchase;
import io.hmrec.core.rec.TrainingData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NegativeSamplerTest {
    private static Purchase p(String customer, int article) {
        return new Purchase(TestGraphs.AS_OF - 1, customer, TestGraphs.article(article), 0.01, 1);
    }

    @Test
    void shouldDrawOnlyTheStreamsNegativesThatAreKnownAndNotBoughtWhenACustomerHasThem() {
        List<Purchase> purchases = List.of(p("a", 0), p("a", 1), p("b", 2), p("b", 3), p("c", 4));
        Map<String, List<String>> negatives = Map.of("a", List.of(TestGraphs.article(1), TestGraphs.article(3),
                "0999999999", TestGraphs.article(4)));
        GraphIndex graph = GraphIndex.of(new TrainingData(TestGraphs.AS_OF, purchases, negatives, Map.of(), Map.of()));
        NegativeSampler sampler = new NegativeSampler(graph);
        Random random = new Random(1);
        Map<String, Integer> drawn = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            drawn.merge(graph.articleIds().get(sampler.sample(graph.customerIndex("a"), random)), 1, Integer::sum);
        }
        assertThat(drawn).containsOnlyKeys(TestGraphs.article(3), TestGraphs.article(4));
    }

    @Test
    void shouldDrawPopularArticlesMoreOftenAndNeverABoughtOneWhenTheStreamHasNoNegatives() {
        List<Purchase> purchases = new ArrayList<>();
        for (int c = 0; c < 30; c++) {
            purchases.add(p("c" + c, 0)); // article 0: bought by 30
            if (c < 10) {
                purchases.add(p("c" + c, 1)); // article 1: bought by 10
            }
        }
        purchases.add(p("solo", 2)); // article 2: bought by 1, the customer under test
        GraphIndex graph = GraphIndex.of(new TrainingData(TestGraphs.AS_OF, purchases, Map.of(), Map.of(), Map.of()));
        NegativeSampler sampler = new NegativeSampler(graph);
        Random random = new Random(7);
        int[] counts = new int[3];
        for (int i = 0; i < 4000; i++) {
            counts[sampler.sample(graph.customerIndex("solo"), random)]++;
        }
        assertThat(counts[2]).isZero();
        assertThat((double) counts[0] / counts[1]).isBetween(2.4, 3.6); // degrees 30 : 10
    }
}
