package io.hmrec.core.state;

import io.hmrec.core.model.Purchase;
import io.hmrec.core.rec.Edge;
import java.util.ArrayList;
import java.util.List;

/**
 * Which article pairs a new purchase adds to the co-purchase counts: the new article with each other article the
 * customer bought within {@code windowDays} of it, in both directions, weighted {@code 2^(-gap/gapHalfLifeDays)} so
 * "bought the same day" counts more than "bought three weeks apart".
 */
public final class CoPurchase {
    private CoPurchase() {}

    /**
     * One directed co-purchase: {@code to} gains {@code weight} as a neighbour of {@code from} on {@code day}.
     *
     * @param day event day the weight is counted at: the later of the two purchases' days
     */
    public record Pair(String from, String to, double weight, int day) {}

    /**
     * The pairs to count for {@code purchase}, given the customer's edges BEFORE it was added.
     *
     * <p>A repeat unit of an article already bought on the same day adds nothing: multi-unit rows are one basket
     * decision, and counting them again would let a customer who buys five of a thing dominate its neighbours.
     *
     * @param edgesBefore     the customer's edges before this purchase, any order
     * @param windowDays      maximum |day gap| for a pair (>= 0)
     * @param gapHalfLifeDays half-life of the gap weight (> 0)
     * @return pairs in a deterministic order (the edges' order, each as new→old then old→new)
     */
    public static List<Pair> pairs(List<Edge> edgesBefore, Purchase purchase, int windowDays, double gapHalfLifeDays) {
        if (windowDays < 0) {
            throw new IllegalArgumentException("windowDays must be >= 0, got " + windowDays);
        }
        String a = purchase.articleId();
        for (Edge e : edgesBefore) {
            if (e.articleId().equals(a) && e.lastDay() == purchase.day()) {
                return List.of();
            }
        }
        List<Pair> out = new ArrayList<>();
        for (Edge e : edgesBefore) {
            if (e.articleId().equals(a)) {
                continue;
            }
            int gap = Math.abs(purchase.day() - e.lastDay());
            if (gap > windowDays) {
                continue;
            }
            double w = DecayedCount.factor(gap, gapHalfLifeDays);
            // counted on the day the pair was completed, whichever of the two arrived first, so a late event
            // yields the same decayed neighbour weights as an in-order one
            int day = Math.max(purchase.day(), e.lastDay());
            out.add(new Pair(a, e.articleId(), w, day));
            out.add(new Pair(e.articleId(), a, w, day));
        }
        return out;
    }
}
