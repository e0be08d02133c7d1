package io.hmrec.core.rec;

import io.hmrec.core.model.ScoredArticle;
import java.util.List;
import java.util.Map;

/**
 * Re-scores a customer's pooled candidates (e.g. a LightGBM lambdarank model over candidate features). The
 * implementation lives outside core; core only defines the contract and the features.
 */
public interface CandidateRanker {
    String modelVersion();

    /**
     * Scores for the pooled candidates of one customer.
     *
     * @param bySource each source's candidate list, keyed by {@link CandidateSource#name()}
     * @return every pooled article with its ranker score (source "ranker"), best first
     */
    List<ScoredArticle> rank(CustomerProfile customer, RecContext context, Map<String, List<ScoredArticle>> bySource);
}
