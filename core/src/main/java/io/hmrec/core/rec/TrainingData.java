package io.hmrec.core.rec;

import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.model.CustomerInfo;
import io.hmrec.core.model.Purchase;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A consistent cut of the purchase graph that a model is fitted on: every purchase strictly before {@code asOfDay}
 * (and inside the training window), plus the stream's negative samples at that cut.
 *
 * @param asOfDay   epoch day of the cut; nothing on or after it is in {@code purchases}
 * @param purchases purchases in event-time order
 * @param negatives per customer, articles sampled from popular ones the customer never bought; may be empty, in
 *                  which case models sample their own
 * @param articles  catalog, possibly partial
 * @param customers customer facts, possibly partial
 */
public record TrainingData(int asOfDay, List<Purchase> purchases, Map<String, List<String>> negatives,
                           Map<String, ArticleInfo> articles, Map<String, CustomerInfo> customers) {
    public TrainingData {
        Objects.requireNonNull(purchases, "purchases");
        negatives = Map.copyOf(negatives);
        articles = Map.copyOf(articles);
        customers = Map.copyOf(customers);
        for (Purchase p : purchases) {
            if (p.day() >= asOfDay) {
                throw new IllegalArgumentException("purchase on day " + p.day() + " is not before the cut " + asOfDay
                        + ": training data must not see the evaluation period");
            }
        }
    }
}
