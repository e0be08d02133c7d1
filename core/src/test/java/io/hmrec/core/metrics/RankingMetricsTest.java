package io.hmrec.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
    @Test
    void shouldScoreAPerfectListOne() {
        assertThat(RankingMetrics.averagePrecision(List.of("a", "b", "c"), Set.of("a", "b", "c"), 12)).isEqualTo(1.0);
    }

    @Test
    void shouldScoreAListWithoutHitsZero() {
        assertThat(RankingMetrics.averagePrecision(List.of("x", "y", "z"), Set.of("a", "b"), 12)).isZero();
        assertThat(RankingMetrics.averagePrecision(List.of("x"), Set.of(), 12)).isZero();
    }

    @Test
    void shouldMatchAHandWorkedExample() {
        // predicted a x b y c, actual {a, b, c, d}: hits at positions 1, 3, 5
        // AP = (1/1 + 2/3 + 3/5) / min(4, 12) = 2.266667 / 4 = 0.566667
        double ap = RankingMetrics.averagePrecision(List.of("a", "x", "b", "y", "c"), Set.of("a", "b", "c", "d"), 12);
        assertThat(ap).isCloseTo((1.0 + 2.0 / 3 + 3.0 / 5) / 4, within(1e-12));
        assertThat(ap).isCloseTo(0.566667, within(1e-6));
        // precision@12 = 3 hits / 12; recall = 3 of 4
        assertThat(RankingMetrics.precision(List.of("a", "x", "b", "y", "c"), Set.of("a", "b", "c", "d"), 12)).isEqualTo(0.25);
        assertThat(RankingMetrics.recall(List.of("a", "x", "b", "y", "c"), Set.of("a", "b", "c", "d"), 12)).isEqualTo(0.75);
    }

    @Test
    void shouldDivideByTwelveWhenTheCustomerBoughtMoreThanTwelve() {
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            actual.add("a" + i);
        }
        // 12 hits in 12 slots: sum of i/i = 12, divided by min(20, 12) = 12 -> 1, not 12/20
        assertThat(RankingMetrics.averagePrecision(actual.subList(0, 12), Set.copyOf(actual), 12)).isEqualTo(1.0);
        // one hit at position 1 of a customer who bought 20: 1 / 12
        assertThat(RankingMetrics.averagePrecision(List.of("a0"), Set.copyOf(actual), 12)).isCloseTo(1.0 / 12, within(1e-12));
    }

    @Test
    void shouldCountADuplicateOnceWhileItStillUsesASlot() {
        // a a b with actual {a, b}: hit at 1 (1/1), duplicate at 2 scores nothing, hit at 3 (2/3) -> (1 + 2/3) / 2
        assertThat(RankingMetrics.averagePrecision(List.of("a", "a", "b"), Set.of("a", "b"), 12))
                .isCloseTo((1.0 + 2.0 / 3) / 2, within(1e-12));
        // eleven copies of x then b then c: the list is cut at 12 before duplicates are dropped, so c never counts
        List<String> padded = new ArrayList<>(java.util.Collections.nCopies(11, "x"));
        padded.add("b");
        padded.add("c");
        assertThat(RankingMetrics.averagePrecision(padded, Set.of("b", "c"), 12)).isCloseTo((1.0 / 12) / 2, within(1e-12));
        assertThat(RankingMetrics.hits(List.of("b", "b", "b"), Set.of("b"), 12)).isEqualTo(1);
    }

    @Test
    void shouldAverageOnlyOverCustomersWhoBoughtInTheWeek() {
        Map<String, List<String>> predictions = Map.of(
                "buyer1", List.of("a", "b"),
                "nonBuyer", List.of("q"));
        Map<String, Set<String>> actual = Map.of(
                "buyer1", Set.of("a"),          // AP 1
                "buyer2", Set.of("z", "y"),     // no prediction: AP 0
                "nonBuyer", Set.of());          // bought nothing: not counted
        RankingMetrics.Summary s = RankingMetrics.evaluate(predictions, actual, 12);
        assertThat(s.buyers()).isEqualTo(2);
        assertThat(s.map()).isEqualTo(0.5);
        assertThat(s.precision()).isCloseTo((1.0 / 12) / 2, within(1e-12));
        assertThat(s.recall()).isEqualTo(0.5);
    }

    @Test
    void shouldMeasureCandidateRecallPerBuyer() {
        // buyer1 bought a, b: pool has a -> 1/2; buyer2 bought c: pool has c -> 1; mean 0.75
        Map<String, Set<String>> pools = Map.of("buyer1", Set.of("a", "x"), "buyer2", Set.of("c"));
        Map<String, Set<String>> actual = Map.of("buyer1", Set.of("a", "b"), "buyer2", Set.of("c"));
        assertThat(RankingMetrics.candidateRecall(pools, actual)).isEqualTo(0.75);
    }
}
