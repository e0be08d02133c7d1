package io.hmrec.core.rec;

import static io.hmrec.core.rec.RecFixtures.art;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.ScoredArticle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlenderTest {
    private static final RecommenderSettings SETTINGS = RecommenderSettings.defaults()
            .withSourceWeights(Map.of(Sources.REPURCHASE, 1.0, Sources.TRENDING, 0.5))
            .withRankOffset(1.0);

    private RecContext context() {
        InMemoryRecState state = new InMemoryRecState(SETTINGS, Map.of(), Map.of());
        for (int i = 0; i < 20; i++) {
            for (int n = 0; n <= 20 - i; n++) {
                state.apply(RecFixtures.buy(5, "crowd" + n, art(200 + i, 1)));
            }
        }
        return state.context(5, Optional.empty(), Optional.empty());
    }

    @Test
    void shouldAddRankFusedPartsAndLabelEachArticleWithItsStrongestSource() {
        // scoreExponent 1: repurchase parts are weight * score / (rank + 1); trending parts weight / (rank + 1)
        // A: repurchase rank 0 (score 1) -> 1.0;   B: repurchase rank 1 (score 0.5) -> 0.25, trending rank 0 -> 0.5
        // C: trending rank 1 -> 0.25
        String a = art(1, 1);
        String b = art(2, 1);
        String c = art(3, 1);
        Map<String, List<ScoredArticle>> pools = Map.of(
                Sources.REPURCHASE, List.of(new ScoredArticle(a, 1.0, Sources.REPURCHASE), new ScoredArticle(b, 0.5, Sources.REPURCHASE)),
                Sources.TRENDING, List.of(new ScoredArticle(b, 9.0, Sources.TRENDING), new ScoredArticle(c, 4.0, Sources.TRENDING)));
        List<ScoredArticle> got = new Blender(SETTINGS).blend(new CustomerProfile("x", AgeBucket.UNKNOWN, List.of()), context(), pools);
        assertThat(got).hasSize(12);
        assertThat(got.subList(0, 3)).extracting(ScoredArticle::articleId, ScoredArticle::source).containsExactly(
                org.assertj.core.groups.Tuple.tuple(a, Sources.REPURCHASE),
                org.assertj.core.groups.Tuple.tuple(b, Sources.TRENDING),
                org.assertj.core.groups.Tuple.tuple(c, Sources.TRENDING));
        assertThat(got.get(1).score()).isCloseTo(0.75, within(1e-12));
        assertThat(got.subList(3, 12)).extracting(ScoredArticle::source).containsOnly(Blender.FALLBACK);
        assertThat(got).extracting(ScoredArticle::articleId).doesNotHaveDuplicates();
    }

    @Test
    void shouldLetAFreshRepurchaseOutrankAStaleOneOfAnotherSourcesSameRank() {
        // a year-old first repurchase candidate (score ~0) must not beat trending's first
        Map<String, List<ScoredArticle>> pools = Map.of(
                Sources.REPURCHASE, List.of(new ScoredArticle(art(1, 1), Math.pow(2, -365 / 30.0), Sources.REPURCHASE)),
                Sources.TRENDING, List.of(new ScoredArticle(art(2, 1), 3.0, Sources.TRENDING)));
        List<ScoredArticle> got = new Blender(SETTINGS).blend(new CustomerProfile("x", AgeBucket.UNKNOWN, List.of()), context(), pools);
        assertThat(got).extracting(ScoredArticle::articleId).startsWith(art(2, 1), art(1, 1));
    }
}
