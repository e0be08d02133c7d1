package io.hmrec.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hmrec.app.processor.DeadLetters;
import io.hmrec.schemas.avro.RecommendationEntry;
import io.hmrec.schemas.avro.RecommendationList;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The whole topology in a TopologyTestDriver: events in, exact recommendation lists out. */
class RecommenderTopologyTest {
    private static final String ALICE = "a".repeat(64);
    private static final String BOB = "b".repeat(64);
    private static String crowd(int k) {
        return String.format("c%063d", k);
    }
    private static final String DAVE = "d".repeat(64);

    /** Article A_k, k = 1..12: each its own product code 02000kk. */
    private static String a(int k) {
        return String.format("0%06d001", 200000 + k);
    }

    private record E(String article, double score, String source) {}

    private static void assertList(RecommendationList list, String customer, LocalDate asOf, String trigger, List<E> expected) {
        assertThat(list.getCustomerId()).isEqualTo(customer);
        assertThat(list.getAsOfDate()).isEqualTo(asOf);
        assertThat(list.getTrigger()).isEqualTo(trigger);
        assertThat(list.getModelVersion()).isEmpty();
        List<RecommendationEntry> got = list.getEntries();
        assertThat(got.stream().map(RecommendationEntry::getArticleId).toList())
                .containsExactlyElementsOf(expected.stream().map(E::article).toList());
        assertThat(got.stream().map(RecommendationEntry::getSource).toList())
                .containsExactlyElementsOf(expected.stream().map(E::source).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(got.get(i).getScore()).as("score of %s", expected.get(i).article())
                    .isCloseTo(expected.get(i).score(), within(1e-9));
        }
    }

    /**
     * Rank fusion (core defaults): the i-th (0-based) candidate of a source adds weight / (i + 2); weights repurchase
     * 1.0, same-product 0.6, co-purchase 0.5, trending 0.3, age-popular 0.15.
     */
    @Test
    void shouldEmitExactListsForASmallEventSequence() throws Exception {
        try (TopologyFixture f = new TopologyFixture(Map.of())) {
            f.article("0108775015", "Garment Upper body", 9);
            f.article("0108775044", "Garment Upper body", 10);
            f.article("0108775051", "Garment Upper body", 11);
            f.customer(ALICE, 25);
            f.customer(BOB, 45);
            // the crowd (age unknown, one customer per article so no co-purchases) makes A_k popular with 13 - k
            // units on 2020-09-01
            for (int k = 1; k <= 12; k++) {
                for (int u = 0; u < 13 - k; u++) {
                    f.buy(crowd(k), a(k), "2020-09-01");
                }
            }
            f.tick(); // publish popularity
            f.recommendations.readRecordsToList();

            // Alice (25) buys one colour: repurchase, the two other colours, then trending fills to 12.
            // Her age bucket has no sales yet, so age-popular proposes nothing.
            f.buy(ALICE, "0108775015", "2020-09-02");
            f.flush(); // lists are coalesced per commit interval
            List<RecommendationList> alice = values(f.recommendations.readRecordsToList());
            assertThat(alice).hasSize(1);
            assertList(alice.get(0), ALICE, LocalDate.parse("2020-09-02"), "purchase", List.of(
                    new E("0108775015", 1.0 / 2, "repurchase"),
                    new E("0108775044", 0.6 / 2, "same-product"),
                    new E("0108775051", 0.6 / 3, "same-product"),
                    new E(a(1), 0.3 / 2, "trending"),
                    new E(a(2), 0.3 / 3, "trending"),
                    new E(a(3), 0.3 / 4, "trending"),
                    new E(a(4), 0.3 / 5, "trending"),
                    new E(a(5), 0.3 / 6, "trending"),
                    new E(a(6), 0.3 / 7, "trending"),
                    new E(a(7), 0.3 / 8, "trending"),
                    new E(a(8), 0.3 / 9, "trending"),
                    new E(a(9), 0.3 / 10, "trending")));

            // Bob buys A10 and A12 the same day: a co-purchase pair. Then Dave (no customer record) buys A10.
            f.buy(BOB, a(10), "2020-09-02");
            f.buy(BOB, a(12), "2020-09-02");
            f.tick(); // publish popularity and neighbours
            f.recommendations.readRecordsToList();
            f.buy(DAVE, a(10), "2020-09-03");
            f.flush(); // lists are coalesced per commit interval
            List<RecommendationList> dave = values(f.recommendations.readRecordsToList());
            assertThat(dave).hasSize(1);
            // Popularity as published after Bob: A10 = 3 units (09-01) + 1 (09-02) outranks A9 = 4 units (09-01) under
            // both half-lives (28 d: 3*2^(-1/28)+1 = 3.93 > 4*2^(-1/28) = 3.90; 7 d: 3.82 > 3.62, at 09-02), and
            // A12 = 1 + 1 outranks A11 = 2 likewise. So both popular lists read A1..A8, A10, A9, A12, A11.
            // Dave's unknown age makes age-popular the global popular list (weight 0.15).
            double[] trending = new double[12];
            double[] agePop = new double[12];
            for (int i = 0; i < 12; i++) {
                trending[i] = 0.3 / (i + 2);
                agePop[i] = 0.15 / (i + 2);
            }
            assertList(dave.get(0), DAVE, LocalDate.parse("2020-09-03"), "purchase", List.of(
                    new E(a(10), 1.0 / 2 + trending[8] + agePop[8], "repurchase"),
                    new E(a(12), 0.5 / 2 + trending[10] + agePop[10], "co-purchase"),
                    new E(a(1), trending[0] + agePop[0], "trending"),
                    new E(a(2), trending[1] + agePop[1], "trending"),
                    new E(a(3), trending[2] + agePop[2], "trending"),
                    new E(a(4), trending[3] + agePop[3], "trending"),
                    new E(a(5), trending[4] + agePop[4], "trending"),
                    new E(a(6), trending[5] + agePop[5], "trending"),
                    new E(a(7), trending[6] + agePop[6], "trending"),
                    new E(a(8), trending[7] + agePop[7], "trending"),
                    new E(a(9), trending[9] + agePop[9], "trending"),
                    new E(a(11), trending[11] + agePop[11], "trending")));
        }
    }

    @Test
    void shouldDeadLetterPoisonEventsAndKeepProcessing() throws Exception {
        try (TopologyFixture f = new TopologyFixture(Map.of())) {
            f.rawPurchases.pipeInput(ALICE, new byte[] {1, 2, 3, 4, 5, 6});                 // wrong magic byte
            f.rawPurchases.pipeInput(ALICE, new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 3});          // unknown schema id
            f.buy(ALICE, "108775", "2020-09-02");                                         // too few digits
            f.buy("", "0108775015", "2020-09-02");                                       // missing customer id
            f.buy(ALICE, "0108775015", "2020-09-02");                                    // good
            f.flush(); // lists are coalesced per commit interval
            List<TestRecord<String, byte[]>> dead = f.dlq.readRecordsToList();
            assertThat(dead).hasSize(4);
            List<String> reasons = new ArrayList<>();
            for (TestRecord<String, byte[]> r : dead) {
                reasons.add(DeadLetters.header(r.headers(), DeadLetters.REASON));
                assertThat(DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo("hm.transactions.v1");
                assertThat(DeadLetters.header(r.headers(), DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
            }
            assertThat(dead.stream().map(r -> DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET)).toList())
                    .containsExactly("0", "1", "2", "3");
            assertThat(dead.get(0).value()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(reasons.get(0)).contains("magic");
            assertThat(reasons.get(1)).contains("schema id");
            assertThat(reasons.get(2)).contains("article_id '108775' has fewer than 7 digits");
            assertThat(reasons.get(3)).isEqualTo("customer_id is missing");
            List<RecommendationList> out = values(f.recommendations.readRecordsToList());
            assertThat(out).hasSize(1);
            assertThat(out.get(0).getCustomerId()).isEqualTo(ALICE);
            assertThat(out.get(0).getEntries().get(0).getArticleId()).isEqualTo("0108775015");
        }
    }

    private static List<RecommendationList> values(List<TestRecord<String, RecommendationList>> records) {
        return records.stream().map(TestRecord::value).toList();
    }
}
