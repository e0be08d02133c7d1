package io.hmrec.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
        Neighbours n = Neighbours.empty(3).add(B, 1, 0, 10).add(C, 0.5, 2, 10).add("0000000007", 0.25, 2, 10);
        assertThat(Neighbours.fromBytes(n.toBytes())).isEqualTo(n);
        assertThat(Neighbours.fromBytes(n.toBytes()).entries()).extracting(Neighbours.Entry::articleId)
                .contains("0000000007");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "capacity {0}, {1} candidate ids")
    @org.junit.jupiter.params.provider.CsvSource({"8, 20", "50, 120", "1, 3"})
    void shouldKeepTheSameListAsASortAfterEveryAddWhenUpdatedByInsertion(int capacity, int ids) {
        // add() inserts the changed neighbour into the already ordered rest; the result must be what removing it,
        // appending the new weight and sorting everything (strongest rank key first, ties by id) gives
        java.util.Random rnd = new java.util.Random(42);
        java.util.Comparator<Neighbours.Entry> order = java.util.Comparator
                .comparingDouble((Neighbours.Entry e) -> e.weight().rankKey(30)).reversed()
                .thenComparing(Neighbours.Entry::articleId);
        Neighbours n = Neighbours.empty(capacity);
        java.util.List<Neighbours.Entry> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String id = String.format("%010d", rnd.nextInt(ids));
            double w = rnd.nextInt(4) == 0 ? 1.0 : rnd.nextDouble(); // equal weights on one day: ties broken by id
            int day = i / 50;
            n = n.add(id, w, day, 30);
            DecayedCount current = DecayedCount.ZERO;
            for (Neighbours.Entry e : expected) {
                if (e.articleId().equals(id)) {
                    current = e.weight();
                }
            }
            expected.removeIf(e -> e.articleId().equals(id));
            expected.add(new Neighbours.Entry(id, current.add(w, day, 30)));
            expected.sort(order);
            while (expected.size() > capacity) {
                expected.remove(expected.size() - 1);
            }
            assertThat(n.entries()).as("after add %d", i).isEqualTo(expected);
        }
    }

    @Test
    void shouldSortAHandBuiltListThatIsOutOfOrderWhenAdding() {
        Neighbours n = new Neighbours(3, java.util.List.of(new Neighbours.Entry(C, new DecayedCount(0.5, 0)),
                new Neighbours.Entry(B, new DecayedCount(2.0, 0))));
        assertThat(n.add(D, 1.0, 0, 10).entries()).extracting(Neighbours.Entry::articleId).containsExactly(B, D, C);
    }

    @Test
    void shouldUpdateADecodedListAsTheListItWasEncodedFrom() {
        // a decoded list holds no id strings and no rank keys yet; updating it (at two half-lives, so the kept rank
        // keys are recomputed) must give what updating the original gives
        java.util.Random rnd = new java.util.Random(7);
        Neighbours original = Neighbours.empty(6);
        for (int i = 0; i < 40; i++) {
            original = original.add(String.format("%010d", rnd.nextInt(12)), rnd.nextDouble(), i / 4, 30);
        }
        Neighbours decoded = Neighbours.fromBytes(original.toBytes());
        for (int i = 0; i < 200; i++) {
            String id = String.format("%010d", rnd.nextInt(12));
            double w = rnd.nextDouble();
            double halfLife = i % 50 < 25 ? 30 : 10;
            original = original.add(id, w, 10 + i / 4, halfLife);
            decoded = decoded.add(id, w, 10 + i / 4, halfLife);
            assertThat(decoded).as("after add %d", i).isEqualTo(original);
            assertThat(decoded.entries()).isEqualTo(original.entries());
        }
        assertThat(decoded.toBytes()).isEqualTo(original.toBytes());
    }

    @Test
    void shouldKeepIdsThatAreNotArticleIdsInMemoryButRefuseToEncodeThem() {
        Neighbours n = Neighbours.empty(3).add("b", 1, 0, 10).add(B, 1, 0, 10).add("a", 1, 0, 10).add("b", 1, 0, 10);
        assertThat(n.entries()).extracting(Neighbours.Entry::articleId).containsExactly("b", B, "a");
        assertThatThrownBy(n::toBytes).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot encode article id 'b': not a normalised 10-digit id");
    }

    @Test
    void shouldRejectACorruptNeighbourWeight() {
        byte[] bytes = Neighbours.empty(2).add(B, 1, 0, 10).toBytes();
        java.nio.ByteBuffer.wrap(bytes).putDouble(1 + 4 + 4 + 8, Double.NaN);
        assertThatThrownBy(() -> Neighbours.fromBytes(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Neighbours: corrupt weight NaN");
    }
}
