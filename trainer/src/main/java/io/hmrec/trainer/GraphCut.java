package io.hmrec.trainer;

import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.model.CustomerInfo;
import io.hmrec.core.model.Purchase;
import io.hmrec.core.rec.TrainingData;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A consistent cut of the purchase graph as of an event-time day: every purchase of the window before {@code asOfDay}
 * (and nothing on or after it), with catalog facts. The trainer splits it into a training part and the held-out
 * most recent days.
 *
 * @param asOfDay   epoch day of the cut (exclusive)
 * @param purchases purchases with day in [asOfDay − window, asOfDay), in event-time order
 * @param negatives the stream's negative samples per customer (article ids the customer never bought, drawn by the
 *                  topology); empty offline, where the models draw their own
 */
public record GraphCut(int asOfDay, List<Purchase> purchases, Map<String, ArticleInfo> articles,
                       Map<String, CustomerInfo> customers, Map<String, List<String>> negatives) {
    public GraphCut {
        purchases = List.copyOf(purchases);
        articles = Map.copyOf(articles);
        customers = Map.copyOf(customers);
        negatives = Map.copyOf(negatives);
        for (Purchase p : purchases) {
            if (p.day() >= asOfDay) {
                throw new IllegalArgumentException("purchase on day " + p.day() + " is not before the cut " + asOfDay);
            }
        }
    }

    /** A cut without the stream's negatives. */
    public GraphCut(int asOfDay, List<Purchase> purchases, Map<String, ArticleInfo> articles,
                    Map<String, CustomerInfo> customers) {
        this(asOfDay, purchases, articles, customers, Map.of());
    }

    /** This cut with the stream's negative samples. */
    public GraphCut withNegatives(Map<String, List<String>> streamNegatives) {
        return new GraphCut(asOfDay, purchases, articles, customers, streamNegatives);
    }

    /** The customers who bought in the cut. */
    public Set<String> customerIds() {
        Set<String> ids = new java.util.HashSet<>();
        purchases.forEach(p -> ids.add(p.customerId()));
        return ids;
    }

    /**
     * Training data: the purchases before {@code asOfDay − holdoutDays}, with the stream's negatives. Those were drawn
     * from the stream's latest state, so they also avoid what a customer bought in the held-out days: the held-out
     * evaluation of a model trained on them is a shade optimistic (it is never pushed away from an article bought in
     * the held-out week), equally for every run that uses them, which is what the release gate compares.
     */
    public TrainingData training(int holdoutDays) {
        int cut = asOfDay - holdoutDays;
        return new TrainingData(cut, purchases.stream().filter(p -> p.day() < cut).toList(), negatives, articles,
                customers);
    }

    /** Customer → distinct articles bought in the last {@code holdoutDays} days of the cut (the Kaggle target). */
    public Map<String, Set<String>> heldOut(int holdoutDays) {
        int cut = asOfDay - holdoutDays;
        Map<String, Set<String>> out = new HashMap<>();
        for (Purchase p : purchases) {
            if (p.day() >= cut) {
                out.computeIfAbsent(p.customerId(), c -> new LinkedHashSet<>()).add(p.articleId());
            }
        }
        return out;
    }
}
