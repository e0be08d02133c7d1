package io.hmrec.core.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.Edge;
import io.hmrec.core.rec.InMemoryRecState;
import io.hmrec.core.rec.RecContext;
import io.hmrec.core.rec.RecommendationEngine;
import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.core.rec.Sources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CandidateFeaturesTest {
    private static final String ALICE = "a".repeat(64);
    private static final String BOB = "b".repeat(64);
    private static final String SHIRT_RED = "0100000001";
    private static final String SHIRT_BLUE = "0100000002";
    private static final String TROUSERS = "0200000001";

    private static ArticleInfo info(String id, String group) {
        return new ArticleInfo(id, id.substring(0, 7), 1, group, 1, 11, "Ladieswear", 1);
    }

    private final Map<String, ArticleInfo> catalog = Map.of(
            SHIRT_RED, info(SHIRT_RED, "Garment Upper body"),
            SHIRT_BLUE, info(SHIRT_BLUE, "Garment Upper body"),
            TROUSERS, info(TROUSERS, "Garment Lower body"));

    @Test
    void shouldDescribeTheCustomersHistoryOfEachCandidateWhenPooled() {
        RecommenderSettings settings = RecommenderSettings.defaults();
        InMemoryRecState state = new InMemoryRecState(settings, catalog, Map.of(ALICE, AgeBucket.of(25)));
        // Alice: red shirt on days 70 and 99 (2 units), trousers on day 50, online once; Bob buys the blue shirt
        state.applyAll(List.of(
                new Purchase(50, ALICE, TROUSERS, 0.05, 1),
                new Purchase(70, ALICE, SHIRT_RED, 0.02, 1),
                new Purchase(99, ALICE, SHIRT_RED, 0.03, 2),
                new Purchase(99, BOB, SHIRT_BLUE, 0.04, 2)));
        RecContext ctx = state.snapshot(100, Optional.empty(), Optional.empty());
        RecommendationEngine engine = RecommendationEngine.standard(settings);
        CandidateFeatures features = CandidateFeatures.standard();

        FeatureRows rows = features.compute(state.profile(ALICE), ctx, engine.candidates(state.profile(ALICE), ctx));

        assertThat(rows.articleIds()).containsExactly(SHIRT_RED, TROUSERS, SHIRT_BLUE);
        int red = 0;
        int blue = 2;
        int trousers = 1;
        // red shirt: edge of 2 units over days 70..99; as of day 100 the 1-day window (day 100) holds none,
        // the 7-day window (94..100) covers 6 of the span's 30 days: 2 * 6/30 pro-rated, raised to 1
        assertThat(row(rows, red, "art_cnt_1d", "art_cnt_7d", "art_cnt_28d", "art_cnt_all", "art_days_since"))
                .containsExactly(0.0, 1.0, 2 * 27 / 30.0, 2.0, 1.0);
        assertThat(row(rows, blue, "art_cnt_all", "prod_cnt_all", "prod_days_since", "prod_n_articles", "grp_cnt_all"))
                .containsExactly(0.0, 2.0, 1.0, 1.0, 2.0);
        assertThat(rows.get(blue, "art_days_since")).isNaN();
        assertThat(row(rows, trousers, "art_cnt_28d", "art_cnt_all", "art_days_since", "grp_cnt_all", "grp_days_since"))
                .containsExactly(0.0, 1.0, 50.0, 1.0, 50.0);
        // the blue shirt came from same-product (rank 1) and not from repurchase (sentinel rank, missing score)
        assertThat(rows.get(blue, "src_same-product_rank")).isEqualTo(1.0);
        assertThat(rows.get(blue, "src_repurchase_rank")).isEqualTo(CandidateFeatures.MISSING_RANK);
        assertThat(rows.get(blue, "src_repurchase_score")).isNaN();
        assertThat(rows.get(red, "src_repurchase_rank")).isEqualTo(1.0);
        assertThat(row(rows, red, "age_bucket", "cust_articles", "cust_units", "cust_days_since_last", "cust_online_share"))
                .containsExactly((double) AgeBucket.of(25), 2.0, 3.0, 1.0, 0.5);
        assertThat(rows.get(red, "price_rel")).isCloseTo(0.03 / 0.04, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(rows.get(red, "dept_share")).isEqualTo(1.0);
        assertThat(rows.get(red, "emb_score")).isNaN();
        assertThat(rows.get(red, "pop_all")).isEqualTo(ctx.popularity().score(io.hmrec.core.rec.PopularityKind.POPULAR,
                AgeBucket.ALL, SHIRT_RED));
    }

    @Test
    void shouldPlaceCandidatesInTheGlobalAndAgeBucketTopListsWhenCustomerHasAnAge() {
        String carol = "c".repeat(64);
        String dave = "d".repeat(64);
        RecommenderSettings settings = RecommenderSettings.defaults(); // half-lives: popular 28 days, trending 7
        // the trousers are Divided here, the shirts Ladieswear
        Map<String, ArticleInfo> twoGroups = Map.of(SHIRT_RED, catalog.get(SHIRT_RED), SHIRT_BLUE, catalog.get(SHIRT_BLUE),
                TROUSERS, new ArticleInfo(TROUSERS, "0200000", 1, "Garment Lower body", 2, 21, "Divided", 2));
        InMemoryRecState state = new InMemoryRecState(settings, twoGroups,
                Map.of(ALICE, AgeBucket.of(25), carol, AgeBucket.of(27), dave, AgeBucket.of(65)));
        // as of day 100: Dave (60+) 4 trousers today; Carol (20s, Alice's bucket) 3 red shirts a week ago, 1 blue today
        List<Purchase> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(new Purchase(93, carol, SHIRT_RED, 0.02, 1));
        }
        for (int i = 0; i < 4; i++) {
            rows.add(new Purchase(100, dave, TROUSERS, 0.05, 1));
        }
        rows.add(new Purchase(100, carol, SHIRT_BLUE, 0.04, 1));
        state.applyAll(rows);
        RecContext ctx = state.snapshot(100, Optional.empty(), Optional.empty());
        CandidateFeatures features = CandidateFeatures.standard();
        List<String> candidates = List.of(TROUSERS, SHIRT_RED, SHIRT_BLUE);
        String[] cols = {"trend_all", "trend_age", "trend_age_share", "trend_age_ratio", "pop_rank", "trend_rank",
                "pop_age_rank", "trend_age_rank", "trend_index_rank", "trend_age_index_rank"};

        FeatureRows alice = features.compute(state.profile(ALICE), ctx, Map.of(), candidates);
        FeatureRows bob = features.compute(state.profile(BOB), ctx, Map.of(), candidates);

        // trending: trousers 4, red 3 * 2^(-7/7) = 1.5, blue 1; popular: trousers 4, red 3 * 2^(-7/28) = 2.52, blue 1.
        // Within the 20s only the shirts sold: red first, blue second, trousers below the list. Within Ladieswear
        // the red shirt leads both trending lists and the blue one follows; the trousers lead Divided globally
        double redPop = 3 * Math.pow(2, -0.25);
        double m = CandidateFeatures.MISSING_RANK;
        assertThat(row(alice, 0, cols)).containsExactly(4.0, 0.0, 0.0, 0.0, 1.0, 1.0, m, m, 1.0, m);
        assertThat(row(alice, 1, cols)).usingComparatorWithPrecision(1e-12)
                .containsExactly(1.5, 1.5, 1.5 / 1.501, 1.5 / (redPop + 1e-3), 2.0, 2.0, 1.0, 1.0, 1.0, 1.0);
        assertThat(row(alice, 2, cols)).usingComparatorWithPrecision(1e-12)
                .containsExactly(1.0, 1.0, 1.0 / 1.001, 1.0 / 1.001, 3.0, 3.0, 2.0, 2.0, 2.0, 2.0);
        // Bob's age is unknown: the global places stay, the age-bucket ones are missing
        assertThat(row(bob, 1, "trend_all", "pop_rank", "trend_rank", "trend_index_rank")).containsExactly(1.5, 2.0, 2.0, 1.0);
        assertThat(row(bob, 1, "trend_age", "trend_age_share", "trend_age_ratio", "pop_age_rank", "trend_age_rank",
                "trend_age_index_rank")).containsOnly(Double.NaN);
    }

    @Test
    void shouldGiveEveryCandidateTheSameWidthWhenCustomerIsCold() {
        RecommenderSettings settings = RecommenderSettings.defaults();
        InMemoryRecState state = new InMemoryRecState(settings, catalog, Map.of());
        state.apply(new Purchase(99, BOB, SHIRT_BLUE, 0.04, 2));
        RecContext ctx = state.snapshot(100, Optional.empty(), Optional.empty());
        FeatureRows rows = CandidateFeatures.standard().compute(state.profile(ALICE), ctx,
                Map.of(Sources.TRENDING, List.of(new ScoredArticle(SHIRT_BLUE, 1.0, Sources.TRENDING))));

        assertThat(rows.articleIds()).containsExactly(SHIRT_BLUE);
        assertThat(rows.values()).hasSize(CandidateFeatures.standard().names().size());
        assertThat(row(rows, 0, "art_cnt_all", "prod_cnt_all", "grp_cnt_all", "cust_articles", "n_sources", "src_trending_rank"))
                .containsExactly(0.0, 0.0, 0.0, 0.0, 1.0, 1.0);
        assertThat(rows.get(0, "cust_days_since_last")).isNaN();
    }

    @Test
    void shouldProRateWindowCountsWhenWindowCoversPartOfAnEdge() {
        Edge e = new Edge(SHIRT_RED, 10, 1, 100, 1, 0.1);
        assertThat(CandidateFeatures.windowCount(e, 100, 0)).isEqualTo(10.0);
        assertThat(CandidateFeatures.windowCount(e, 100, 1)).isEqualTo(1.0);
        assertThat(CandidateFeatures.windowCount(e, 100, 50)).isEqualTo(5.0);
        assertThat(CandidateFeatures.windowCount(e, 200, 7)).isEqualTo(0.0);
        assertThat(CandidateFeatures.windowCount(new Edge(SHIRT_RED, 3, 98, 100, 1, 0.1), 100, 7)).isEqualTo(3.0);
    }

    @Test
    void shouldNameTheDifferenceWhenModelFeaturesDoNotMatch() {
        CandidateFeatures f = CandidateFeatures.standard();
        List<String> swapped = new ArrayList<>(f.names());
        swapped.set(0, f.names().get(1));
        swapped.set(1, f.names().get(0));
        f.requireSameNames(f.names());
        assertThatThrownBy(() -> f.requireSameNames(swapped))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("first difference at column 0 (model 'art_cnt_7d', features 'art_cnt_1d')");
        List<String> shorter = f.names().subList(0, f.names().size() - 1);
        assertThatThrownBy(() -> f.requireSameNames(shorter))
                .hasMessageContaining("missing from model [emb_score]");
    }

    private static double[] row(FeatureRows rows, int r, String... names) {
        double[] out = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = rows.get(r, names[i]);
        }
        return out;
    }
}
