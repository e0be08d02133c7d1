package io.hmrec.core.rec;

import io.hmrec.core.model.ScoredArticle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The contract every model follows, neural or not (popularity, item-based CF, LightGCN, the dot-product CF): fit on a
 * cut of the graph, recommend for a batch of customers, save and load. Every implementation passes the shared
 * {@code RecommenderModelContract} test (checkerboard recovery, batch equals single, save/load round trip).
 */
public interface RecommenderModel {
    /** Stable name used in reports ("popularity", "item-cf", "lightgcn", "dot-cf", ...). */
    String name();

    /** Fits the model; deterministic for a given {@code seed}. May be called again to refit from scratch. */
    void fit(TrainingData data, long seed);

    /**
     * Top-{@code k} articles for each customer, in the order of {@code customerIds}; each list has at most {@code k}
     * distinct articles, best first. Customers the model does not know get an empty list (callers fall back).
     *
     * @param filterAlreadyBought drop articles the customer bought in the training data
     */
    List<List<ScoredArticle>> recommend(List<String> customerIds, int k, boolean filterAlreadyBought);

    /** Writes everything needed to {@link RecommenderModelLoader#load(Path) load} the model again into {@code dir}. */
    void save(Path dir) throws IOException;
}
