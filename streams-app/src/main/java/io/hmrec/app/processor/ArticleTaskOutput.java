package io.hmrec.app.processor;

/** What the article task emits; each kind goes to its own topic. */
public sealed interface ArticleTaskOutput {
    /** One partition's top-N rank-key list of one (kind, bucket); key {@code KIND|bucket|partition}. */
    record TopList(byte[] topN) implements ArticleTaskOutput {}

    /** An article's co-purchase neighbour list (core Neighbours encoding); key = article id. */
    record NeighbourList(byte[] neighbours) implements ArticleTaskOutput {}

    /** An article's decayed popularity state (core PopularityState encoding); key = article id. */
    record PopularityUpdate(byte[] state) implements ArticleTaskOutput {}

    /** An article seen for the first time in a purchase; key = its product code. */
    record NewArticle(ProductMessage product) implements ArticleTaskOutput {}
}
