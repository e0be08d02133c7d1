package io.hmrec.ranker;

import java.util.List;
import java.util.Map;

/**
 * What {@link RankerTrainer#train} returns.
 *
 * @param modelText      LightGBM model text (feature names included): what ships as the RANKER_MODEL chunk
 * @param featureNames   feature names in column order
 * @param gainImportance total split gain per feature name, largest first
 * @param queries        customer queries used (those with a pooled positive)
 * @param rows           training rows after negative sampling
 * @param positives      positive rows
 */
public record TrainedRanker(String modelText, List<String> featureNames, Map<String, Double> gainImportance,
                            int queries, int rows, int positives) {
    public TrainedRanker {
        featureNames = List.copyOf(featureNames);
        gainImportance = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(gainImportance));
    }
}
