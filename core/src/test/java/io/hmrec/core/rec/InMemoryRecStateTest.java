package io.hmrec.core.rec;

import static io.hmrec.core.rec.RecFixtures.art;
import static io.hmrec.core.rec.RecFixtures.buy;
import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.ScoredArticle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryRecStateTest {
    private final RecommenderSettings settings = RecommenderSettings.defaults();

    @Test
    void shouldKeepASnapshotUnchangedWhileTheStateMovesOn() {
        InMemoryRecState state = new InMemoryRecState(settings, Map.of(), Map.of());
        state.apply(buy(1, "a", art(1, 1)));
        RecContext frozen = state.snapshot(1, Optional.empty(), Optional.empty());
        RecContext live = state.context(1, Optional.empty(), Optional.empty());
        state.apply(buy(1, "b", art(2, 1)));
        state.apply(buy(1, "b", art(2, 1)));
        state.apply(buy(1, "a", art(1, 2)));
        assertThat(frozen.popularity().top(PopularityKind.POPULAR, AgeBucket.ALL, 5))
                .extracting(ScoredArticle::articleId).containsExactly(art(1, 1));
        assertThat(frozen.catalog().articlesOfProduct("0000001")).containsExactly(art(1, 1));
        assertThat(live.popularity().top(PopularityKind.POPULAR, AgeBucket.ALL, 5))
                .extracting(ScoredArticle::articleId).containsExactly(art(2, 1), art(1, 1), art(1, 2));
        assertThat(live.catalog().articlesOfProduct("0000001")).containsExactly(art(1, 1), art(1, 2));
    }

    @Test
    void shouldGiveAnUnknownCustomerAColdProfileWithTheirAgeBucket() {
        InMemoryRecState state = new InMemoryRecState(settings, Map.of(), Map.of("known-age", 4));
        assertThat(state.profile("known-age")).isEqualTo(new CustomerProfile("known-age", 4, List.of()));
        assertThat(state.profile("nobody").isCold()).isTrue();
        assertThat(state.profile("nobody").ageBucket()).isEqualTo(AgeBucket.UNKNOWN);
    }

    @Test
    void shouldSampleNegativesFromPopularArticlesTheCustomerNeverBought() {
        InMemoryRecState state = new InMemoryRecState(settings, Map.of(), Map.of());
        for (int i = 0; i < 100; i++) {
            state.apply(buy(5, "crowd" + (i % 7), art(i, 1)));
        }
        state.applyAll(List.of(buy(5, "c", art(3, 1)), buy(5, "c", art(4, 1))));
        List<String> negatives = state.negatives("c", 5).articleIds();
        assertThat(negatives).hasSize(settings.negativesPerCustomer()).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(Set.of(art(3, 1), art(4, 1)));
        assertThat(state.negatives("c", 5).articleIds()).isEqualTo(negatives);
    }
}
