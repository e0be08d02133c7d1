package io.hmrec.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.core.model.ScoredArticle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NegativeSamplerTest {
    private static List<ScoredArticle> popular(int n) {
        List<ScoredArticle> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new ScoredArticle(String.format("%010d", i), n + 1 - i, "popular"));
        }
        return out;
    }

    @Test
    void shouldNeverContainAPositiveAndReturnKDistinctArticles() {
        Set<String> positives = Set.of("0000000001", "0000000002", "0000000003");
        NegativeSampler.Sample s = new NegativeSampler(42).sample("cust", 100, popular(20), positives, 8);
        assertThat(s.articleIds()).hasSize(8).doesNotHaveDuplicates().doesNotContainAnyElementsOf(positives);
        assertThat(s.day()).isEqualTo(100);
    }

    @Test
    void shouldBeDeterministicForASeedAndIndependentOfListOrder() {
        List<ScoredArticle> shuffled = new ArrayList<>(popular(30));
        Collections.shuffle(shuffled, new java.util.Random(7));
        NegativeSampler sampler = new NegativeSampler(42);
        assertThat(sampler.sample("cust", 100, shuffled, Set.of(), 5))
                .isEqualTo(sampler.sample("cust", 100, popular(30), Set.of(), 5));
        assertThat(new NegativeSampler(43).sample("cust", 100, popular(30), Set.of(), 5))
                .isNotEqualTo(sampler.sample("cust", 100, popular(30), Set.of(), 5));
    }

    @Test
    void shouldDrawPopularArticlesMoreOftenThanRareOnes() {
        // weights 10 vs 1 over many customers: the popular one must be drawn far more often
        List<ScoredArticle> two = List.of(new ScoredArticle("0000000001", 10, "p"), new ScoredArticle("0000000002", 1, "p"));
        Map<String, Integer> firsts = new HashMap<>();
        NegativeSampler sampler = new NegativeSampler(1);
        for (int c = 0; c < 2000; c++) {
            firsts.merge(sampler.sample("c" + c, 5, two, Set.of(), 1).articleIds().get(0), 1, Integer::sum);
        }
        // P(first = heavy) = 10/11 ~ 1818 of 2000
        assertThat(firsts.get("0000000001")).isBetween(1740, 1890);
    }

    @Test
    void shouldRoundTripASampleThroughItsBinaryEncoding() {
        NegativeSampler.Sample s = new NegativeSampler(3).sample("cust", 7, popular(10), Set.of(), 4);
        assertThat(NegativeSampler.Sample.fromBytes(s.toBytes())).isEqualTo(s);
    }
}
