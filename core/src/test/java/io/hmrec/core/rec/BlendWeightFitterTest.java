package io.hmrec.core.rec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hmrec.core.model.ScoredArticle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlendWeightFitterTest {
    private final RecommenderSettings settings = RecommenderSettings.defaults(); // trending 0.02, age-popular 0.2

    /** Twelve distinct articles {@code prefix}01..12, best first, as a source would list them. */
    private static List<ScoredArticle> list(String source, String prefix) {
        List<ScoredArticle> out = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            out.add(new ScoredArticle(prefix + String.format("%02d", i), 13 - i, source));
        }
        return out;
    }

    private static BlendWeightFitter.Example bought(String article) {
        return new BlendWeightFitter.Example(Map.of(Sources.TRENDING, list(Sources.TRENDING, "t"),
                Sources.AGE_POPULAR, list(Sources.AGE_POPULAR, "p")), Set.of(article));
    }

    @Test
    void shouldGiveTrendingAnEqualShareWhenItsFirstCandidateSellsAsOftenAsThePopularOne() {
        // one customer bought trending's first article, one age-popular's first. Default weights put t01 at place
        // 11 (0.02 vs 0.2/i, ties by id): mean AP (1/11 + 1) / 2. Name order fits age-popular first: 0 leaves only trending,
        // (1 + 0) / 2; 0.02 ties t01 and p01 at the top, (1 + 1/2) / 2 = 0.75; 0.05 puts p01, p02 above t01,
        // (1/3 + 1) / 2. Trending then finds no strictly better value, and a second pass changes nothing
        BlendWeightFitter.Fit fit = new BlendWeightFitter(settings, 3)
                .fit(List.of(Sources.TRENDING, Sources.AGE_POPULAR), List.of(bought("t01"), bought("p01")));

        Map<String, Double> expected = new HashMap<>(settings.sourceWeights());
        expected.put(Sources.AGE_POPULAR, 0.02);
        assertThat(fit.weights()).isEqualTo(expected);
        assertThat(fit.meanAveragePrecision()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void shouldScoreTheStartingWeightsByTheFusionAlone() {
        BlendWeightFitter fitter = new BlendWeightFitter(settings, 1);
        // default weights: p01..p09 score 0.2/i > 0.02, p10 ties with t01 at 0.02 and wins the tie by id, so t01 is
        // 11th; p01 is first
        double m = fitter.score(settings.sourceWeights(), List.of(bought("t01"), bought("p01")));
        assertThat(m).isCloseTo((1 / 11.0 + 1) / 2, within(1e-12));
    }

    @Test
    void shouldKeepTheStartingWeightsWhenThereAreNoExamples() {
        BlendWeightFitter.Fit fit = new BlendWeightFitter(settings, 2).fit(List.of(Sources.TRENDING), List.of());
        assertThat(fit.weights()).isEqualTo(settings.sourceWeights());
        assertThat(fit.meanAveragePrecision()).isZero();
    }

    @Test
    void shouldRefuseAnExampleWithoutPurchasesAndZeroPasses() {
        assertThatThrownBy(() -> new BlendWeightFitter.Example(Map.of(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one bought article");
        assertThatThrownBy(() -> new BlendWeightFitter(settings, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("passes must be >= 1");
    }
}
