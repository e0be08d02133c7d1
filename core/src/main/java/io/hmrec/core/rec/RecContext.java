package io.hmrec.core.rec;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything global a recommendation may consult, as of one event-time day. In the topology the views read state
 * stores; in tests and tools they read in-memory state built by the same updaters.
 *
 * @param asOfDay    epoch day the recommendation is made for (predicting the 7 days after it)
 * @param popularity decayed popularity, global and per age bucket
 * @param coPurchase co-purchase neighbours
 * @param catalog    catalog lookups (may be partial)
 * @param embeddings the live embedding model, if one has been released
 * @param ranker     the live learned ranker, if one has been released
 */
public record RecContext(int asOfDay, PopularityView popularity, NeighbourView coPurchase, CatalogView catalog,
                         Optional<EmbeddingScorer> embeddings, Optional<CandidateRanker> ranker) {
    public RecContext {
        Objects.requireNonNull(popularity, "popularity");
        Objects.requireNonNull(coPurchase, "coPurchase");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(embeddings, "embeddings");
        Objects.requireNonNull(ranker, "ranker");
    }
}
