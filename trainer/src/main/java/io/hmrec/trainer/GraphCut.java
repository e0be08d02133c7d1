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
 */
public record GraphCut(int asOfDay, List<Purchase> purchases, Map<String, ArticleInfo> articles,
                       Map<String, CustomerInfo> customers) {
    public GraphCut {
        purchases = List.copyOf(purchases);
        articles = Map.copyOf(articles);
        customers = Map.copyOf(customers);
        for (Purchase p : purchases) {
            if (p.day() >= asOfDay) {
                throw new IllegalArgumentException("purchase on day " + p.day() + " is not before the cut " + asOfDay);
            }
        }
    }

    /** Training data: the purchases before {@code asOfDay − holdoutDays}. */
    public TrainingData training(int holdoutDays) {
        int cut = asOfDay - holdoutDays;
        return new TrainingData(cut, purchases.stream().filter(p -> p.day() < cut).toList(), Map.of(), articles,
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
