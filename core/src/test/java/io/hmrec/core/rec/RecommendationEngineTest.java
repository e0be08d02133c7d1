package io.hmrec.core.rec;

import static io.hmrec.core.rec.RecFixtures.art;
import static io.hmrec.core.rec.RecFixtures.buy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecommendationEngineTest {
    private final RecommenderSettings settings = RecommenderSettings.defaults();
    private final RecommendationEngine engine = RecommendationEngine.standard(settings);

    /** 30 articles; article i bought (30 - i) times by "crowd" customers of bucket 3, so art(i) ranks i-th. */
    private InMemoryRecState crowd() {
        InMemoryRecState state = new InMemoryRecState(settings, Map.of(), Map.of("young", 1, "mid", 3));
        List<Purchase> ps = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            for (int n = 0; n < 30 - i; n++) {
                ps.add(buy(50, "crowd" + n, art(100 + i, 1)));
            }
        }
        state.applyAll(ps);
        return state;
    }

    @Test
    void shouldGiveAColdCustomerTheTwelveMostPopularArticles() {
        InMemoryRecState state = crowd();
        List<ScoredArticle> got = engine.recommend(state.profile("never-seen"), state.context(50, Optional.empty(), Optional.empty()));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            expected.add(art(100 + i, 1));
        }
        assertThat(got).extracting(ScoredArticle::articleId).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldPreferTheAgeBucketsPopularArticlesForAColdCustomerOfKnownAge() {
        InMemoryRecState state = crowd();
        // two young customers bought two rare articles: for a cold young customer they come first
        state.applyAll(List.of(buy(50, "young", art(900, 1)), buy(50, "young", art(901, 1)), buy(50, "young", art(901, 1))));
        CustomerProfile coldYoung = new CustomerProfile("new-young", 1, List.of());
        RecContext ctx = state.context(50, Optional.empty(), Optional.empty());
        // the blend pools global trending with the bucket's popular list
        List<ScoredArticle> got = engine.recommend(coldYoung, ctx);
        assertThat(got).hasSize(12).extracting(ScoredArticle::articleId)
                .contains(art(901, 1), art(900, 1), art(100, 1)).doesNotHaveDuplicates();
        // with no pools at all the fallback alone serves the bucket's popular articles before the global ones
        List<ScoredArticle> fallback = new Blender(settings).blend(coldYoung, ctx, Map.of());
        assertThat(fallback).hasSize(12).extracting(ScoredArticle::articleId)
                .startsWith(art(901, 1), art(900, 1), art(100, 1), art(101, 1)).doesNotHaveDuplicates();
        assertThat(fallback).extracting(ScoredArticle::source).containsOnly(Blender.FALLBACK);
    }

    @Test
    void shouldPutTheCustomersOwnRecentArticlesFirstAndAlwaysReturnTwelveDistinct() {
        InMemoryRecState state = crowd();
        state.applyAll(List.of(buy(49, "mid", art(500, 1)), buy(50, "mid", art(501, 1))));
        List<ScoredArticle> got = engine.recommend(state.profile("mid"), state.context(50, Optional.empty(), Optional.empty()));
        assertThat(got).hasSize(12).extracting(ScoredArticle::articleId).doesNotHaveDuplicates()
                .startsWith(art(501, 1), art(500, 1));
        assertThat(got.get(0).source()).isEqualTo(Sources.REPURCHASE);
    }

    @Test
    void shouldExposeEverySourcesPoolInSourceOrder() {
        InMemoryRecState state = crowd();
        state.apply(buy(50, "mid", art(500, 1)));
        Map<String, List<ScoredArticle>> pools = engine.candidates(state.profile("mid"), state.context(50, Optional.empty(), Optional.empty()));
        assertThat(pools.keySet()).containsExactly(Sources.REPURCHASE, Sources.SAME_PRODUCT, Sources.CO_PURCHASE,
                Sources.TRENDING, Sources.AGE_POPULAR, Sources.GROUP_TRENDING, Sources.EMBEDDING);
        assertThat(pools.get(Sources.REPURCHASE)).extracting(ScoredArticle::articleId).containsExactly(art(500, 1));
        assertThat(pools.get(Sources.TRENDING)).hasSize(31);
    }

    @Test
    void shouldLetTheRankerOrderCandidatesAndFillTheRestWithTheFallback() {
        InMemoryRecState state = crowd();
        state.apply(buy(50, "mid", art(500, 1)));
        CandidateRanker ranker = new CandidateRanker() {
            @Override
            public String modelVersion() {
                return "r1";
            }

            @Override
            public List<ScoredArticle> rank(CustomerProfile c, RecContext ctx, Map<String, List<ScoredArticle>> bySource) {
                // deliberately reverses the trending order and proposes only three
                return List.of(new ScoredArticle(art(129, 1), 3, "ranker"), new ScoredArticle(art(128, 1), 2, "ranker"),
                        new ScoredArticle(art(129, 1), 1, "ranker"));
            }
        };
        List<ScoredArticle> got = engine.recommend(state.profile("mid"), state.context(50, Optional.empty(), Optional.of(ranker)));
        assertThat(got).hasSize(12).extracting(ScoredArticle::articleId).doesNotHaveDuplicates()
                .startsWith(art(129, 1), art(128, 1), art(500, 1), art(100, 1));
        // the fill follows the customer's age bucket (3, where only their own purchase counts), then global
    }

    @Test
    void shouldRejectTwoSourcesWithOneName() {
        assertThatThrownBy(() -> new RecommendationEngine(settings, List.of(new TrendingSource(), new TrendingSource())))
                .hasMessageContaining("two candidate sources are named 'trending'");
    }
}
