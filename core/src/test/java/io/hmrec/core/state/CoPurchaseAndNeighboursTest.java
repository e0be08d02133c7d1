package io.hmrec.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.state.CoPurchase.Pair;
import org.junit.jupiter.api.Test;

class CoPurchaseAndNeighboursTest {
    private static final String A = "0000000001";
    private static final String B = "0000000002";
    private static final String C = "0000000003";
    private static final String D = "0000000004";

    @Test
    void shouldPairTheNewPurchaseWithRecentOnesBothWaysWeightedByGap() {
        CustomerEdges before = CustomerEdges.EMPTY
                .add(new Purchase(10, "c", A, 0.1, 1), 256)
                .add(new Purchase(6, "c", B, 0.1, 1), 256)
                .add(new Purchase(1, "c", C, 0.1, 1), 256);
        // new purchase of D on day 10, window 7, gap half-life 4: A gap 0 -> 1, B gap 4 -> 0.5, C gap 9 -> outside
        assertThat(CoPurchase.pairs(before.edges(), new Purchase(10, "c", D, 0.1, 1), 7, 4)).containsExactly(
                new Pair(D, A, 1.0, 10), new Pair(A, D, 1.0, 10), new Pair(D, B, 0.5, 10), new Pair(B, D, 0.5, 10));
    }

    @Test
    void shouldCountNothingForAnotherUnitOfTheSameArticleOnTheSameDay() {
        CustomerEdges before = CustomerEdges.EMPTY.add(new Purchase(10, "c", A, 0.1, 1), 256)
                .add(new Purchase(10, "c", B, 0.1, 1), 256);
        assertThat(CoPurchase.pairs(before.edges(), new Purchase(10, "c", A, 0.1, 1), 7, 4)).isEmpty();
    }

    @Test
    void shouldKeepTheStrongestNeighboursWithDecayedWeights() {
        // half-life 10: B gets 1 on day 0 and 1 on day 10 -> 1.5 at day 10; C gets 1 on day 10; D 0.25 on day 10
        Neighbours n = Neighbours.empty(2)
                .add(B, 1, 0, 10).add(C, 1, 10, 10).add(B, 1, 10, 10).add(D, 0.25, 10, 10);
        assertThat(n.top(5, 20, 10, "co")).containsExactly(new ScoredArticle(B, 0.75, "co"), new ScoredArticle(C, 0.5, "co"));
        assertThat(n.entries().get(0).weight().value()).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void shouldRoundTripNeighboursThroughTheBinaryEncoding() {
        Neighbours n = Neighbours.empty(3).add(B, 1, 0, 10).add(C, 0.5, 2, 10);
        assertThat(Neighbours.fromBytes(n.toBytes())).isEqualTo(n);
    }
}
