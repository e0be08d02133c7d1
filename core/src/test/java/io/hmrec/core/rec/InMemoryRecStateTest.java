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
    void shouldReachTheSameStateWhenEventsArriveOutOfOrder() {
        // a replay (event-time order) and a live feed with late events must agree
        List<io.hmrec.core.model.Purchase> inOrder = List.of(buy(1, "a", art(1, 1)), buy(2, "b", art(2, 1)),
                buy(3, "a", art(2, 1)), buy(5, "b", art(3, 1)), buy(6, "a", art(3, 1)), buy(8, "c", art(1, 1)),
                buy(9, "c", art(3, 1)));
        List<io.hmrec.core.model.Purchase> shuffled = new java.util.ArrayList<>(inOrder);
        java.util.Collections.shuffle(shuffled, new java.util.Random(3));
        InMemoryRecState x = new InMemoryRecState(settings, Map.of(), Map.of("a", 2, "b", 5));
        InMemoryRecState y = new InMemoryRecState(settings, Map.of(), Map.of("a", 2, "b", 5));
        x.applyAll(inOrder);
        y.applyAll(shuffled);
        RecContext cx = x.context(10, Optional.empty(), Optional.empty());
        RecContext cy = y.context(10, Optional.empty(), Optional.empty());
        for (PopularityKind kind : PopularityKind.values()) {
            for (int bucket : new int[] {AgeBucket.ALL, 2, 5}) {
                assertSameScores(cy.popularity().top(kind, bucket, 10), cx.popularity().top(kind, bucket, 10));
            }
        }
        for (int p = 1; p <= 3; p++) {
            assertSameScores(cy.coPurchase().neighbours(art(p, 1), 10), cx.coPurchase().neighbours(art(p, 1), 10));
        }
        assertThat(cx.coPurchase().neighbours(art(3, 1), 10)).extracting(ScoredArticle::articleId)
                .containsExactlyInAnyOrder(art(1, 1), art(2, 1));
        for (String c : List.of("a", "b", "c")) {
            assertThat(y.profile(c)).isEqualTo(x.profile(c));
        }
    }

    private static void assertSameScores(List<ScoredArticle> actual, List<ScoredArticle> expected) {
        assertThat(actual).extracting(ScoredArticle::articleId)
                .containsExactlyElementsOf(expected.stream().map(ScoredArticle::articleId).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).score()).isCloseTo(expected.get(i).score(), org.assertj.core.api.Assertions.within(1e-9));
        }
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
