package io.hmrec.ranker;

import io.hmrec.core.rank.FeatureRows;
import java.util.Objects;
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
