package io.hmrec.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.app.query.RecommendationQueryService;
import io.hmrec.schemas.avro.RecommendationList;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A query never serves a list that stopped being current: too short, too old, or scored without the live model. */
class StaleListQueryTest {
    private static final String EARLY = "e".repeat(64);
    private static final String LATE = "f".repeat(64);

    private static String article(int k) {
        return String.format("09%08d", k);
    }

    @Test
    void shouldRecomputeOnQueryWhenTheStoredListIsShortOrOld() throws Exception {
        try (TopologyFixture f = new TopologyFixture(Map.of())) {
            // the first buyer of the data: popularity knows one article, so the emitted list cannot hold 12
            f.buy(EARLY, article(0), "2020-09-01");
            f.tick();
            f.flush();
            List<RecommendationList> emitted = f.recommendations.readValuesToList();
            assertThat(emitted).hasSize(1);
            assertThat(emitted.get(0).getEntries()).hasSizeLessThan(12);

            // two weeks later the crowd has made 14 articles popular
            for (int k = 1; k <= 14; k++) {
                for (int u = 0; u < 15 - k; u++) {
                    f.buy("c" + String.format("%063d", k * 100 + u), article(k), "2020-09-15");
                }
            }
            f.buy(LATE, article(1), "2020-09-15");
            f.tick();
            f.flush();
            f.tick();

            RecommendationList early = f.queries.recommendations(EARLY).orElseThrow();
            assertThat(early.getTrigger()).isEqualTo("query");
            assertThat(early.getAsOfDate()).isEqualTo(LocalDate.parse("2020-09-15"));
            assertThat(early.getEntries()).hasSize(12);
            assertThat(early.getEntries().stream().map(e -> e.getArticleId()).distinct().count()).isEqualTo(12);
            assertThat(early.getEntries().get(0).getArticleId()).as("own purchase is still the repurchase candidate")
                    .isEqualTo(article(0));

            // a fresh, full list is served as stored
            RecommendationList late = f.queries.recommendations(LATE).orElseThrow();
            assertThat(late.getTrigger()).isEqualTo("purchase");
            assertThat(late.getEntries()).hasSize(12);
            assertThat(RecommendationQueryService.STALE_AFTER_DAYS).isEqualTo(7);
        }
    }

    @Test
    void shouldServeARepeatQueryFromTheListComputedForItUntilTheDayMoves() throws Exception {
        try (TopologyFixture f = new TopologyFixture(Map.of())) {
            f.buy(EARLY, article(0), "2020-09-01");
            f.buy(LATE, article(1), "2020-09-15"); // moves the task's day: EARLY's stored list is now old
            f.tick();
            f.flush();
            f.tick();

            RecommendationList first = f.queries.recommendations(EARLY).orElseThrow();
            f.tick(); // the wall clock moves on: a recomputation would carry a later generated_at
            RecommendationList again = f.queries.recommendations(EARLY).orElseThrow();
            assertThat(first.getTrigger()).isEqualTo("query");
            assertThat(again).isEqualTo(first);

            f.buy(LATE, article(2), "2020-09-16");
            f.tick();
            f.flush();
            RecommendationList nextDay = f.queries.recommendations(EARLY).orElseThrow();
            assertThat(nextDay.getTrigger()).isEqualTo("query");
            assertThat(nextDay.getAsOfDate()).isEqualTo(LocalDate.parse("2020-09-16"));
            assertThat(nextDay.getGeneratedAt()).isAfter(first.getGeneratedAt());
        }
    }
}
