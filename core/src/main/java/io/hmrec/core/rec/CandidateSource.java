package io.hmrec.core.rec;

import io.hmrec.core.model.ScoredArticle;
import java.util.List;

/**
 * One way of proposing articles for a customer (repurchase, same product, co-purchase neighbours, trending, age-bucket
 * popular, embedding neighbours). The same instances serve the streaming topology, the trainer's evaluation and the
 * backtest.
 */
public interface CandidateSource {
    /** Stable name: appears in recommendation entries' {@code source}, in ranker features and in reports. */
    String name();

    /** Up to {@code limit} distinct candidates, best first, with this source's scores. Never null. */
    List<ScoredArticle> candidates(CustomerProfile customer, RecContext context, int limit);
}
