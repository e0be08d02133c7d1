package io.hmrec.core.rec;

import java.util.List;

/** The standard candidate sources, their stable names, and the standard set built from settings. */
public final class Sources {
    public static final String REPURCHASE = "repurchase";
    public static final String SAME_PRODUCT = "same-product";
    public static final String CO_PURCHASE = "co-purchase";
    public static final String TRENDING = "trending";
    public static final String AGE_POPULAR = "age-popular";
    public static final String GROUP_TRENDING = "group-trending";
    public static final String EMBEDDING = "embedding";

    /**
     * Sources whose scores are absolute recency-weighted strengths (about 0..few, comparable across customers), as
     * opposed to population counts or model scores whose scale depends on the data size.
     */
    public static final java.util.Set<String> PERSONAL = java.util.Set.of(REPURCHASE, SAME_PRODUCT, CO_PURCHASE);

    private Sources() {}

    /** All standard sources in a fixed order (the order of candidate pools and ranker features). */
    public static List<CandidateSource> standard(RecommenderSettings s) {
        return List.of(new RepurchaseSource(s), new SameProductSource(s), new CoPurchaseSource(s),
                new TrendingSource(), new AgeBucketPopularSource(), new FavouriteGroupTrendingSource(s),
                new EmbeddingSource());
    }
}
