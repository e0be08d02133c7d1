package io.hmrec.core.rec;

import io.hmrec.core.model.ScoredArticle;
import java.util.List;

/**
 * Scores from a trained embedding model (LightGCN or the dot-product collaborative filter) as released by the
 * trainer. Implementations are immutable snapshots of one model version.
 */
public interface EmbeddingScorer {
    /** Version of the released model these scores come from. */
    String modelVersion();

    /** The {@code n} best articles for a customer by model score, best first; empty when the model lacks the customer. */
    List<ScoredArticle> topForCustomer(String customerId, int n);

    /** Model score of one pair; {@link Double#NaN} when the model lacks the customer or the article. */
    double score(String customerId, String articleId);
}
