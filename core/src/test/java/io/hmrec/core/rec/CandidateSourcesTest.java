package io.hmrec.core.rec;

import static io.hmrec.core.rec.RecFixtures.art;
import static io.hmrec.core.rec.RecFixtures.buy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.ScoredArticle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CandidateSourcesTest {
    private final RecommenderSettings settings = RecommenderSettings.defaults();

    @Test
    void shouldRankRepurchaseByRecencyAndCount() {
        // half-life 30: bought 2x on day 40 (60 days = two half-lives ago) vs once on day 100 (today) vs once on day 40
        InMemoryRecState state = new InMemoryRecState(settings, Map.of(), Map.of());
        state.applyAll(List.of(buy(40, "c", art(1, 1)), buy(40, "c", art(1, 1)), buy(100, "c", art(2, 1)),
                buy(40, "c", art(3, 1))));
        RecContext ctx = state.context(100, Optional.empty(), Optional.empty());
        List<ScoredArticle> got = new RepurchaseSource(settings).candidates(state.profile("c"), ctx, 10);
        assertThat(got).extracting(ScoredArticle::articleId).containsExactly(art(2, 1), art(1, 1), art(3, 1));
        assertThat(got.get(1).score()).isCloseTo((1 + Math.log(2)) * 0.25, within(1e-12));
        assertThat(got.get(2).score()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void shouldRecommendOtherColoursWhenCustomerBoughtOne() {
        InMemoryRecState state = new InMemoryRecState(settings,
                RecFixtures.catalog(art(7, 1), art(7, 2), art(7, 3), art(8, 1)), Map.of());
        state.apply(buy(10, "c", art(7, 2)));
        RecContext ctx = state.context(10, Optional.empty(), Optional.empty());
        assertThat(new SameProductSource(settings).candidates(state.profile("c"), ctx, 10)).containsExactly(
                new ScoredArticle(art(7, 1), 1.0, Sources.SAME_PRODUCT),
                new ScoredArticle(art(7, 3), 1.0, Sources.SAME_PRODUCT));
    }

    @Test
    void shouldProposeArticlesBoughtTogetherWithTheCustomersRecentPurchases() {
        InMemoryRecState state = new InMemoryRecState(settings, Map.of(), Map.of());
        // two other customers bought A with B the same day; one bought A with C a week apart (weight 0.5)
        state.applyAll(List.of(buy(1, "x", art(1, 1)), buy(1, "x", art(2, 1)),
                buy(2, "y", art(1, 1)), buy(2, "y", art(2, 1)),
                buy(3, "z", art(1, 1)), buy(10, "z", art(3, 1)),
                buy(10, "c", art(1, 1))));
        RecContext ctx = state.context(10, Optional.empty(), Optional.empty());
        List<ScoredArticle> got = new CoPurchaseSource(settings).candidates(state.profile("c"), ctx, 10);
        assertThat(got).extracting(ScoredArticle::articleId).containsExactly(art(2, 1), art(3, 1));
        assertThat(got.get(0).score()).isCloseTo(1.0, within(1e-12));
        // neighbour weights of A at day 10, half-life 90: B = 2^(-9/90) + 2^(-8/90), C = 0.5; normalised by B
        double b = Math.pow(2, -9.0 / 90) + Math.pow(2, -8.0 / 90);
        assertThat(got.get(1).score()).isCloseTo(0.5 / b, within(1e-12));
    }

    @Test
    void shouldServeTrendingGloballyAndPopularByAgeBucket() {
        InMemoryRecState state = new InMemoryRecState(settings, Map.of(), Map.of("young", 1, "old", 6));
        state.applyAll(List.of(buy(1, "young", art(1, 1)), buy(1, "young", art(1, 1)),
                buy(1, "old", art(2, 1)), buy(2, "old", art(3, 1)), buy(2, "young", art(3, 1))));
        RecContext ctx = state.context(2, Optional.empty(), Optional.empty());
        // trending (half-life 7) at day 2: art3 = 2, art1 = 2 * 2^(-1/7), art2 = 2^(-1/7)
        assertThat(new TrendingSource().candidates(state.profile("old"), ctx, 10))
                .extracting(ScoredArticle::articleId).containsExactly(art(3, 1), art(1, 1), art(2, 1));
        assertThat(new AgeBucketPopularSource().candidates(state.profile("old"), ctx, 10))
                .extracting(ScoredArticle::articleId).containsExactly(art(3, 1), art(2, 1));
        assertThat(ctx.popularity().score(PopularityKind.TRENDING, AgeBucket.ALL, art(1, 1)))
                .isCloseTo(2 * Math.pow(2, -1.0 / 7), within(1e-12));
    }

    @Test
    void shouldProposeTheTrendingArticlesOfTheCustomersFavouriteIndexGroup() {
        java.util.Map<String, io.hmrec.core.model.ArticleInfo> catalog = new java.util.HashMap<>();
        for (int p = 1; p <= 5; p++) {
            String group = p <= 3 ? "Divided" : "Ladieswear"; // products 1-3 Divided, 4-5 Ladieswear
            catalog.put(art(p, 1), new io.hmrec.core.model.ArticleInfo(art(p, 1), String.format("%07d", p), 1,
                    "Garment Upper body", 1, 1, group, 1));
        }
        InMemoryRecState state = new InMemoryRecState(settings, catalog, Map.of());
        // the crowd on day 10: art1 x4, art4 x3, art2 x2; "c" bought art3 twice (Divided) and art5 once (Ladieswear)
        // on day 1, worth 2 * 2^(-9/7) = 0.82 and 0.41 on day 10: trending order art1, art4, art2, art3, art5
        state.applyAll(List.of(buy(10, "x", art(1, 1)), buy(10, "x", art(1, 1)), buy(10, "x", art(1, 1)),
                buy(10, "x", art(1, 1)), buy(10, "y", art(4, 1)), buy(10, "y", art(4, 1)), buy(10, "y", art(4, 1)),
                buy(10, "z", art(2, 1)), buy(10, "z", art(2, 1)),
                buy(1, "c", art(3, 1)), buy(1, "c", art(3, 1)), buy(1, "c", art(5, 1))));
        RecContext ctx = state.context(10, Optional.empty(), Optional.empty());
        FavouriteGroupTrendingSource source = new FavouriteGroupTrendingSource(settings);

        // Divided holds 2 of c's 3 units: its trending articles, in trending order
        List<ScoredArticle> got = source.candidates(state.profile("c"), ctx, 10);
        assertThat(got).extracting(ScoredArticle::articleId).containsExactly(art(1, 1), art(2, 1), art(3, 1));
        assertThat(got).extracting(ScoredArticle::source).containsOnly(Sources.GROUP_TRENDING);
        assertThat(got.get(0).score()).isCloseTo(4.0, within(1e-12));
        assertThat(source.candidates(state.profile("c"), ctx, 2)).extracting(ScoredArticle::articleId)
                .containsExactly(art(1, 1), art(2, 1));
        // no purchases: no favourite group, nothing to propose
        assertThat(source.candidates(state.profile("new"), ctx, 10)).isEmpty();
    }

    @Test
    void shouldProposeNothingFromEmbeddingsUntilAModelIsReleased() {
        InMemoryRecState state = new InMemoryRecState(settings, Map.of(), Map.of());
        CustomerProfile c = state.profile("c");
        assertThat(new EmbeddingSource().candidates(c, state.context(1, Optional.empty(), Optional.empty()), 5)).isEmpty();
        EmbeddingScorer model = new EmbeddingScorer() {
            @Override
            public String modelVersion() {
                return "v1";
            }

            @Override
            public List<ScoredArticle> topForCustomer(String customerId, int n) {
                return List.of(new ScoredArticle(art(9, 9), 0.7, "lightgcn"));
            }

            @Override
            public double score(String customerId, String articleId) {
                return 0.7;
            }
        };
        assertThat(new EmbeddingSource().candidates(c, state.context(1, Optional.of(model), Optional.empty()), 5))
                .containsExactly(new ScoredArticle(art(9, 9), 0.7, Sources.EMBEDDING));
    }
}
