package io.hmrec.core.rec;

import io.hmrec.core.model.ScoredArticle;
import java.util.List;

/** The released embedding model's best articles for the customer; nothing while no model is released. */
public final class EmbeddingSource implements CandidateSource {
    @Override
    public String name() {
        return Sources.EMBEDDING;
    }

    @Override
    public List<ScoredArticle> candidates(CustomerProfile customer, RecContext context, int limit) {
        return context.embeddings()
                .map(e -> TrendingSource.relabel(e.topForCustomer(customer.customerId(), limit), name()))
                .orElse(List.of());
    }
}
