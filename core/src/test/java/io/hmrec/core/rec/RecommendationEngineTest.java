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
        // deliberately reverses the trending order and proposes only three
        CandidateRanker ranker = ranker(bySource -> List.of(new ScoredArticle(art(129, 1), 3, "ranker"),
                new ScoredArticle(art(128, 1), 2, "ranker"), new ScoredArticle(art(129, 1), 1, "ranker")));
        List<ScoredArticle> got = engine.recommend(state.profile("mid"), state.context(50, Optional.empty(), Optional.of(ranker)));
        assertThat(got).hasSize(12).extracting(ScoredArticle::articleId).doesNotHaveDuplicates()
                .startsWith(art(129, 1), art(128, 1), art(500, 1), art(100, 1));
        // the fill follows the customer's age bucket (3, where only their own purchase counts), then global
    }

    /** A ranker (version "r1") that orders the pools with {@code rank}. */
    private static CandidateRanker ranker(java.util.function.Function<Map<String, List<ScoredArticle>>, List<ScoredArticle>> rank) {
        return new CandidateRanker() {
            @Override
            public String modelVersion() {
                return "r1";
            }

            @Override
            public List<ScoredArticle> rank(CustomerProfile c, RecContext ctx, Map<String, List<ScoredArticle>> bySource) {
                return rank.apply(bySource);
            }
        };
    }

    /** A source that proposes a fixed list and counts how often it was asked. */
    private static final class CountingSource implements CandidateSource {
        private final String name;
        private final List<ScoredArticle> list;
        int asked;

        CountingSource(String name, List<ScoredArticle> list) {
            this.name = name;
            this.list = list;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<ScoredArticle> candidates(CustomerProfile customer, RecContext context, int limit) {
            asked++;
            return list;
        }
    }

    @Test
    void shouldAskAZeroWeightSourceOnlyWhenARankerReadsThePools() {
        InMemoryRecState state = crowd();
        CountingSource weighed = new CountingSource(Sources.REPURCHASE, List.of(new ScoredArticle(art(700, 1), 1, "x")));
        // group-trending has no weight in the defaults; its article would be 2nd if the blend counted it
        CountingSource unweighed = new CountingSource(Sources.GROUP_TRENDING, List.of(new ScoredArticle(art(701, 1), 9, "x")));
        RecommendationEngine two = new RecommendationEngine(settings, List.of(weighed, unweighed));
        CustomerProfile mid = state.profile("mid");

        List<ScoredArticle> blended = two.recommend(mid, state.context(50, Optional.empty(), Optional.empty()));

        assertThat(unweighed.asked).isZero();
        assertThat(weighed.asked).isEqualTo(1);
        assertThat(blended).isEqualTo(two.recommend(mid, state.context(50, Optional.empty(), Optional.empty()),
                two.candidates(mid, state.context(50, Optional.empty(), Optional.empty()))));
        assertThat(blended).extracting(ScoredArticle::articleId).hasSize(12).startsWith(art(700, 1))
                .doesNotContain(art(701, 1));

        CandidateRanker everyPool = ranker(bySource -> {
            assertThat(bySource.keySet()).containsExactly(Sources.REPURCHASE, Sources.GROUP_TRENDING);
            return bySource.get(Sources.GROUP_TRENDING);
        });
        int askedBefore = unweighed.asked; // the candidates() call above asked every source
        List<ScoredArticle> ranked = two.recommend(mid, state.context(50, Optional.empty(), Optional.of(everyPool)));
        assertThat(unweighed.asked).isEqualTo(askedBefore + 1);
        assertThat(ranked).extracting(ScoredArticle::articleId).hasSize(12).startsWith(art(701, 1));
    }

    @Test
    void shouldRecommendWhatTheBlendOfEveryPoolGivesForEveryCustomer() {
        // the live path skips zero-weight sources; the backtest blends every pool: both must give the same lists
        // two index groups, so the zero-weight favourite-group source has candidates the live path leaves out
        Map<String, io.hmrec.core.model.ArticleInfo> catalog = new java.util.HashMap<>();
        for (int product = 100; product < 140; product++) {
            for (int variant = 1; variant <= 3; variant++) {
                String id = art(product, variant);
                catalog.put(id, new io.hmrec.core.model.ArticleInfo(id, String.format("%07d", product), 1, "Top", 1, 1,
                        product % 2 == 0 ? "Ladieswear" : "Menswear", 1));
            }
        }
        InMemoryRecState state = new InMemoryRecState(settings, catalog, Map.of("young", 1, "mid", 3));
        List<Purchase> ps = new ArrayList<>();
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            ps.add(buy(20 + r.nextInt(30), "c" + r.nextInt(60), art(100 + r.nextInt(40), 1 + r.nextInt(3))));
        }
        ps.sort(java.util.Comparator.comparingInt(Purchase::day));
        state.applyAll(ps);
        RecContext ctx = state.context(50, Optional.empty(), Optional.empty());
        for (int c = 0; c < 60; c++) {
            CustomerProfile p = state.profile("c" + c);
            Map<String, List<ScoredArticle>> everyPool = engine.candidates(p, ctx);
            assertThat(everyPool.get(Sources.GROUP_TRENDING)).as("customer c%d's favourite-group pool", c).isNotEmpty();
            assertThat(engine.recommend(p, ctx)).as("customer c%d", c)
                    .isEqualTo(engine.recommend(p, ctx, everyPool));
        }
    }

    @Test
    void shouldRejectTwoSourcesWithOneName() {
        assertThatThrownBy(() -> new RecommendationEngine(settings, List.of(new TrendingSource(), new TrendingSource())))
                .hasMessageContaining("two candidate sources are named 'trending'");
    }
}
