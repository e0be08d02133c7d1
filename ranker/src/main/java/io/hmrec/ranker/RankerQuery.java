package io.hmrec.ranker;

import io.hmrec.core.rank.FeatureRows;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.Set;

/**
 * One training query: a customer's pooled candidates with their features as of a week's start, and the articles the
 * customer bought in that week (the labels: 1 if bought, else 0).
 *
 * @param rows   candidate feature rows
 * @param bought articles bought in the label week (may include articles outside the pool; they cannot be labels)
 */
public record RankerQuery(FeatureRows rows, Set<String> bought) {
    public RankerQuery {
        Objects.requireNonNull(rows, "rows");
        bought = Set.copyOf(bought);
    }

    /**
     * This query with every positive and a seeded sample of at most {@code maxNegatives} negatives, rows kept in pool
     * order; the query itself when it is small enough. Deterministic for a given seed and customer.
     */
    public RankerQuery sampled(int maxNegatives, long seed) {
        FeatureRows fr = rows;
        List<Integer> neg = new ArrayList<>();
        for (int r = 0; r < fr.rows(); r++) {
            if (!bought.contains(fr.articleIds().get(r))) {
                neg.add(r);
            }
        }
        if (neg.size() <= maxNegatives) {
            return this;
        }
        SplittableRandom rnd = new SplittableRandom(seed * 31 + fr.customerId().hashCode());
        for (int i = 0; i < maxNegatives; i++) { // partial Fisher-Yates
            int j = i + rnd.nextInt(neg.size() - i);
            Integer t = neg.get(i);
            neg.set(i, neg.get(j));
            neg.set(j, t);
        }
        Set<Integer> dropped = new HashSet<>(neg.subList(maxNegatives, neg.size()));
        int width = fr.columns();
        List<String> ids = new ArrayList<>();
        double[] v = new double[(fr.rows() - dropped.size()) * width];
        for (int r = 0; r < fr.rows(); r++) {
            if (!dropped.contains(r)) {
                System.arraycopy(fr.values(), r * width, v, ids.size() * width, width);
                ids.add(fr.articleIds().get(r));
            }
        }
        return new RankerQuery(new FeatureRows(fr.customerId(), fr.names(), ids, v), bought);
    }

    /** True when at least one pooled candidate was bought: only such queries carry a lambdarank gradient. */
    public boolean hasPositive() {
        for (String a : rows.articleIds()) {
            if (bought.contains(a)) {
                return true;
            }
        }
        return false;
    }
}
