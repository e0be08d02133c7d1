package io.hmrec.core.rec;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.core.model.ScoredArticle;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RankingTest {
    /** Scores from a few values only, so ties (broken by article id) are common. */
    @Property
    void shouldKeepExactlyTheHeadOfAFullSort(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 7) Integer> scores,
                                             @ForAll @IntRange(min = 0, max = 60) int limit) {
        List<ScoredArticle> all = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            all.add(new ScoredArticle(String.format("%010d", (i * 7919L) % 100_003), scores.get(i) / 4.0, "s"));
        }
        List<ScoredArticle> sorted = new ArrayList<>(all);
        sorted.sort(ScoredArticle.BEST_FIRST);

        assertThat(Ranking.best(new ArrayList<>(all), limit))
                .containsExactlyElementsOf(sorted.subList(0, Math.min(limit, sorted.size())));
    }

    @Property
    void shouldRankAScoreMapAsTheHeadOfAFullSortOfItsCandidates(
            @ForAll @Size(max = 400) List<@IntRange(min = 0, max = 7) Integer> scores,
            @ForAll @IntRange(min = 0, max = 60) int limit) {
        java.util.Map<String, Double> byArticle = new java.util.HashMap<>();
        List<ScoredArticle> all = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            String id = String.format("%010d", (i * 7919L) % 100_003);
            byArticle.put(id, scores.get(i) / 4.0);
            all.add(new ScoredArticle(id, scores.get(i) / 4.0, "co-purchase"));
        }
        all.sort(ScoredArticle.BEST_FIRST);

        assertThat(Ranking.top(byArticle, "co-purchase", limit))
                .containsExactlyElementsOf(all.subList(0, Math.min(limit, all.size())));
    }
}
