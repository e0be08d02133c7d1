package io.hmrec.app.processor;

import io.hmrec.schemas.avro.RecommendationList;

/** What the customer task emits: a new list for hm.recommendations.v1, or a message for an article's task. */
public sealed interface CustomerTaskOutput {
    /** Keyed by customer id. */
    record NewList(RecommendationList list) implements CustomerTaskOutput {}

    /** Keyed by the article id the message is for (re-partitioned by article). */
    record ToArticle(ArticleMessage message) implements CustomerTaskOutput {}
}
