package io.hmrec.core.rec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link RecommenderModel} passes (shipped in core's test-jar; the trainer's models extend it too).
 *
 * <p>The "checkerboard" graph: 20 customers in two groups of 10; group A buys only articles 0–4, group B only
 * articles 5–9. Customer i of group g holds out article {@code g*5 + i%5} and buys the other four of their group, on
 * different days. A personalised model must rank each customer's held-out article first once their purchases are
 * filtered out: nothing links a customer to the other group. The graph is tiny (20 x 10, 80 purchases) so slow
 * neural models can run the contract in seconds; they may need more epochs than on real data, so {@link #seed()}
 * and the model factory are theirs to choose.
 */
public abstract class RecommenderModelContract {
    /** Epoch day of the training cut: every purchase of the checkerboard is before it. */
    protected static final int CUT = 20;
    protected static final int CUSTOMERS = 20;
    protected static final int ARTICLES = 10;

    /** A fresh, unfitted model. */
    protected abstract RecommenderModel newModel();

    /** The loader that reads what the model's {@code save} wrote. */
    protected abstract RecommenderModelLoader loader();

    /** False for models that give every customer the same ranking (popularity); they skip checkerboard recovery. */
    protected boolean personalised() {
        return true;
    }

    protected long seed() {
        return 42L;
    }

    protected static String customer(int i) {
        return String.format("c%02d", i);
    }

    protected static String article(int j) {
        return String.format("%010d", 108775000L + j);
    }

    protected static String heldOut(int customer) {
        return article((customer / 10) * 5 + customer % 5);
    }

    /** The checkerboard as training data (see the class comment). */
    protected static TrainingData checkerboard() {
        List<Purchase> ps = new ArrayList<>();
        for (int day = 0; day < 4; day++) {
            for (int i = 0; i < CUSTOMERS; i++) {
                List<String> mine = bought(i);
                ps.add(new Purchase(10 + day, customer(i), mine.get((day + i) % 4), 0.02, 1 + (i % 2)));
            }
        }
        return new TrainingData(CUT, ps, Map.of(), Map.of(), Map.of());
    }

    /** The four articles customer i bought. */
    protected static List<String> bought(int i) {
        List<String> out = new ArrayList<>();
        int g = i / 10;
        for (int j = 0; j < 5; j++) {
            if (!article(g * 5 + j).equals(heldOut(i))) {
                out.add(article(g * 5 + j));
            }
        }
        return out;
    }

    private static List<String> allCustomers() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            out.add(customer(i));
        }
        return out;
    }

    private RecommenderModel fitted() {
        RecommenderModel m = newModel();
        m.fit(checkerboard(), seed());
        return m;
    }

    @Test
    void shouldRankEachCustomersHeldOutArticleFirstOnTheCheckerboard() {
        if (!personalised()) {
            return; // a non-personalised model is checked by shouldGiveEveryCustomerTheSameRankingWhenNotPersonalised
        }
        List<List<ScoredArticle>> recs = fitted().recommend(allCustomers(), 3, true);
        List<String> firsts = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            assertThat(recs.get(i)).as("recommendations of %s", customer(i)).isNotEmpty();
            firsts.add(recs.get(i).get(0).articleId());
            expected.add(heldOut(i));
        }
        assertThat(firsts).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldGiveEveryCustomerTheSameRankingWhenNotPersonalised() {
        if (personalised()) {
            return; // personalised models are held to checkerboard recovery instead
        }
        List<List<ScoredArticle>> recs = fitted().recommend(allCustomers(), ARTICLES, false);
        assertThat(recs.get(0)).hasSize(ARTICLES);
        for (List<ScoredArticle> r : recs) {
            assertThat(r).isEqualTo(recs.get(0));
        }
    }

    @Test
    void shouldReturnAtMostKDistinctArticlesAndNoPurchaseWhenFiltering() {
        RecommenderModel m = fitted();
        List<List<ScoredArticle>> recs = m.recommend(allCustomers(), 4, true);
        assertThat(recs).hasSize(CUSTOMERS);
        for (int i = 0; i < CUSTOMERS; i++) {
            List<String> ids = recs.get(i).stream().map(ScoredArticle::articleId).toList();
            assertThat(ids).hasSizeLessThanOrEqualTo(4).doesNotHaveDuplicates().doesNotContainAnyElementsOf(bought(i));
            assertThat(recs.get(i)).isSortedAccordingTo(ScoredArticle.BEST_FIRST);
        }
    }

    @Test
    void shouldReturnAnEmptyListForACustomerItNeverSaw() {
        List<List<ScoredArticle>> recs = fitted().recommend(List.of("stranger", customer(0)), 3, true);
        assertThat(recs.get(0)).isEmpty();
        assertThat(recs.get(1)).isNotEmpty();
    }

    @Test
    void shouldGiveTheSameListsInOneBatchAsOneCustomerAtATime() {
        RecommenderModel m = fitted();
        List<String> batch = new ArrayList<>(allCustomers());
        java.util.Collections.reverse(batch);
        List<List<ScoredArticle>> together = m.recommend(batch, 5, true);
        for (int i = 0; i < batch.size(); i++) {
            assertSameList(m.recommend(List.of(batch.get(i)), 5, true).get(0), together.get(i));
        }
    }

    @Test
    void shouldRecommendIdenticallyAfterSaveAndLoad(@TempDir Path dir) throws IOException {
        RecommenderModel m = fitted();
        m.save(dir);
        RecommenderModel loaded = loader().load(dir);
        assertThat(loaded.name()).isEqualTo(m.name());
        List<List<ScoredArticle>> before = m.recommend(allCustomers(), 5, false);
        List<List<ScoredArticle>> after = loaded.recommend(allCustomers(), 5, false);
        for (int i = 0; i < CUSTOMERS; i++) {
            assertThat(after.get(i)).isEqualTo(before.get(i));
        }
    }

    @Test
    void shouldBeReproducibleForASeed() {
        List<List<ScoredArticle>> a = fitted().recommend(allCustomers(), 5, true);
        List<List<ScoredArticle>> b = fitted().recommend(allCustomers(), 5, true);
        assertThat(b).isEqualTo(a);
    }

    /** Same articles in the same order; scores equal up to float noise of batched arithmetic. */
    protected static void assertSameList(List<ScoredArticle> single, List<ScoredArticle> batched) {
        assertThat(batched.stream().map(ScoredArticle::articleId).toList())
                .containsExactlyElementsOf(single.stream().map(ScoredArticle::articleId).toList());
        for (int i = 0; i < single.size(); i++) {
            assertThat(batched.get(i).score()).isCloseTo(single.get(i).score(), within(1e-5 * Math.max(1, Math.abs(single.get(i).score()))));
        }
        Set<String> distinct = new HashSet<>();
        batched.forEach(a -> distinct.add(a.articleId()));
        assertThat(distinct).hasSize(batched.size());
    }
}
