package io.hmrec.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.schemas.avro.RecommendationList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** When the global trending top-12 shifts, every active customer gets a fresh list (batched refresh pass). */
class TrendingShiftTopologyTest {
    private static String customer(int i) {
        return String.format("%064d", i);
    }

    private static String article(String prefix, int k) {
        return String.format("0%s%05d001", prefix, k);
    }

    @Test
    void shouldRelistActiveCustomersWhenTrendingShiftsByThreeOrMore() throws Exception {
        try (TopologyFixture f = new TopologyFixture(Map.of("refresh.batch.size", "4"))) {
            // 09-01: twelve articles trend, one buyer each
            for (int k = 1; k <= 12; k++) {
                f.buy(customer(k), article("2", k), "2020-09-01");
            }
            f.tick();
            f.buy(customer(13), article("2", 1), "2020-09-02"); // a new day: the trending baseline is taken
            f.tick();
            f.recommendations.readRecordsToList();
            // 09-03: two new articles sell 5 units each: they enter the top-12, which shifts by only 2 articles
            for (int u = 0; u < 5; u++) {
                f.buy(customer(20 + u), article("3", 1), "2020-09-03");
                f.buy(customer(20 + u), article("3", 2), "2020-09-03");
            }
            f.tick();
            f.buy(customer(13), article("2", 2), "2020-09-04"); // day boundary: 2 < 3 changes, no pass
            f.tick();
            assertThat(triggers(f.recommendations.readRecordsToList())).containsOnly("purchase");

            // 09-04: three more new articles sell 6 units each: now 3 of the top-12 are new since the last look
            for (int u = 0; u < 6; u++) {
                for (int k = 3; k <= 5; k++) {
                    f.buy(customer(30 + u), article("3", k), "2020-09-04");
                }
            }
            f.tick();
            f.buy(customer(13), article("2", 3), "2020-09-05"); // day boundary: the shift is detected
            f.flush(); // customer 13's own (coalesced) purchase list
            f.recommendations.readRecordsToList();
            // the pass re-lists every customer active within 28 days, 4 per wall-clock punctuation
            TreeSet<String> relisted = new TreeSet<>();
            for (int tick = 0; tick < 10; tick++) {
                f.tick();
                List<TestRecord<String, RecommendationList>> out = f.recommendations.readRecordsToList();
                assertThat(out.size()).isLessThanOrEqualTo(4);
                assertThat(triggers(out)).allMatch("trending-shift"::equals);
                out.forEach(r -> relisted.add(r.key()));
            }
            TreeSet<String> everyone = new TreeSet<>();
            for (int i : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 20, 21, 22, 23, 24, 30, 31, 32, 33, 34, 35}) {
                everyone.add(customer(i));
            }
            assertThat(relisted).isEqualTo(everyone);
        }
    }

    private static List<String> triggers(List<TestRecord<String, RecommendationList>> out) {
        return out.stream().map(r -> r.value().getTrigger()).toList();
    }
}
