package io.hmrec.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.core.state.TopN.Entry;
import org.junit.jupiter.api.Test;

class TopNTest {
    @Test
    void shouldKeepTheBestNWithTiesBrokenByArticleId() {
        TopN top = TopN.empty(3)
                .update("0000000005", 1.0)
                .update("0000000004", 2.0)
                .update("0000000003", 1.0)
                .update("0000000002", 0.5)
                .update("0000000001", 1.0);
        assertThat(top.entries()).containsExactly(
                new Entry("0000000004", 2.0), new Entry("0000000001", 1.0), new Entry("0000000003", 1.0));
    }

    @Test
    void shouldReplaceAnArticlesScoreOnUpdate() {
        TopN top = TopN.empty(2).update("0000000001", 1.0).update("0000000002", 2.0).update("0000000001", 3.0);
        assertThat(top.entries()).containsExactly(new Entry("0000000001", 3.0), new Entry("0000000002", 2.0));
    }

    @Test
    void shouldMergeKeepingEachArticlesHigherScore() {
        TopN a = TopN.empty(3).update("0000000001", 1.0).update("0000000002", 5.0);
        TopN b = TopN.empty(3).update("0000000001", 4.0).update("0000000003", 2.0).update("0000000004", 0.1);
        assertThat(a.merge(b).entries()).containsExactly(
                new Entry("0000000002", 5.0), new Entry("0000000001", 4.0), new Entry("0000000003", 2.0));
    }

    @Test
    void shouldUniteListsAsPoolingEveryEntryAndSortingWould() {
        // the walk over sorted runs must give what the map-and-sort merge gave: each article once at its best
        // score, best first, ties by id, trimmed; also with an article in several lists and a list out of order
        java.util.Random rnd = new java.util.Random(5);
        for (int round = 0; round < 500; round++) {
            java.util.List<TopN> lists = new java.util.ArrayList<>();
            java.util.Map<String, Double> best = new java.util.HashMap<>();
            for (int l = 0, count = 1 + rnd.nextInt(5); l < count; l++) {
                java.util.List<Entry> entries = new java.util.ArrayList<>();
                java.util.Set<String> ids = new java.util.HashSet<>();
                for (int i = 0, size = rnd.nextInt(8); i < size; i++) {
                    String id = String.format("%010d", rnd.nextInt(20));
                    double score = rnd.nextInt(3) == 0 ? 1.0 : rnd.nextInt(10) / 4.0;
                    if (ids.add(id)) {
                        entries.add(new Entry(id, score));
                        best.merge(id, score, Math::max);
                    }
                }
                if (rnd.nextInt(4) > 0) {
                    entries.sort(TopN.BEST_FIRST);
                }
                lists.add(new TopN(8, entries));
            }
            int capacity = 1 + rnd.nextInt(12);
            java.util.List<Entry> expected = new java.util.ArrayList<>();
            best.forEach((id, score) -> expected.add(new Entry(id, score)));
            expected.sort(TopN.BEST_FIRST);
            assertThat(TopN.union(lists, capacity)).as("round %d", round)
                    .isEqualTo(new TopN(capacity, expected.subList(0, Math.min(capacity, expected.size()))));
        }
    }

    @Test
    void shouldRoundTripThroughItsBinaryEncoding() {
        TopN top = TopN.empty(4).update("0108775015", 6123.25).update("0706016001", Double.NEGATIVE_INFINITY);
        assertThat(TopN.fromBytes(top.toBytes())).isEqualTo(top);
    }

    @Test
    void shouldKeepTheSameListAsASortAfterEveryUpdate() {
        // update() places the article by binary search among the others; the result must be what removing it,
        // appending the new score and sorting everything (best first, ties by id) and trimming gives
        java.util.Random rnd = new java.util.Random(3);
        TopN top = TopN.empty(5);
        java.util.List<Entry> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String id = String.format("%010d", rnd.nextInt(15));
            double score = rnd.nextInt(3) == 0 ? 1.0 : rnd.nextDouble(); // equal scores: ties broken by id
            top = top.update(id, score);
            expected.removeIf(e -> e.articleId().equals(id));
            expected.add(new Entry(id, score));
            expected.sort(TopN.BEST_FIRST);
            while (expected.size() > 5) {
                expected.remove(expected.size() - 1);
            }
            assertThat(top.entries()).as("after update %d", i).isEqualTo(expected);
        }
    }

    @Test
    void shouldGiveTheSameListWhateverThePreviousScoreHint() {
        // the hint only changes where the old entry is looked for first: exact, off by rounding or plain wrong, and
        // with articles falling out and coming back, both forms of update hold the same list
        java.util.Random rnd = new java.util.Random(4);
        java.util.Map<String, Double> pushed = new java.util.HashMap<>();
        TopN scanned = TopN.empty(5);
        TopN searched = TopN.empty(5);
        for (int i = 0; i < 3000; i++) {
            String id = String.format("%010d", rnd.nextInt(15));
            double score = rnd.nextInt(3) == 0 ? 1.0 : rnd.nextDouble();
            scanned = scanned.update(id, score);
            double last = pushed.getOrDefault(id, Double.NEGATIVE_INFINITY);
            double hint = switch (i % 4) {
                case 0, 1 -> last;
                case 2 -> Math.nextUp(last); // rounding
                default -> rnd.nextDouble(); // wrong
            };
            searched = searched.update(id, score, hint);
            pushed.put(id, score);
            assertThat(searched).as("after update %d", i).isEqualTo(scanned);
        }
    }

    @Test
    void shouldLeaveTheListItWasUpdatedFromAsItWas() {
        // an updated list shares nothing writable with the one it came from: the article task keeps the old list
        // while it publishes, and the same list may be updated twice (an exactly-once retry)
        java.util.Random rnd = new java.util.Random(5);
        TopN top = TopN.empty(6);
        for (int i = 0; i < 2000; i++) {
            java.util.List<Entry> before = java.util.List.copyOf(top.entries());
            byte[] encoded = top.toBytes();
            String id = String.format("%010d", rnd.nextInt(10));
            TopN updated = top.update(id, rnd.nextDouble());
            top.update(String.format("%010d", rnd.nextInt(10)), rnd.nextDouble()); // a second update of the same list
            assertThat(top.entries()).as("after update %d", i).isEqualTo(before);
            assertThat(top.toBytes()).isEqualTo(encoded);
            top = updated;
        }
    }
}
