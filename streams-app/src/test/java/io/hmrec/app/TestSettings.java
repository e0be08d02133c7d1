package io.hmrec.app;

import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.core.rec.Sources;
import java.util.LinkedHashMap;
import java.util.Map;

/** Recommendation settings pinned for hand-computed expectations, independent of core's tuned defaults. */
public final class TestSettings {
    private TestSettings() {}

    /**
     * Core defaults with pure rank fusion (score exponent 0), half-lives 28/7 days, and: the i-th (0-based) candidate of a source adds weight / (i + 2); weights
     * repurchase 1.0, same-product 0.6, co-purchase 0.5, trending 0.3, age-popular 0.15, embedding 0.3.
     */
    public static RecommenderSettings pinned() {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put(Sources.REPURCHASE, 1.0);
        w.put(Sources.SAME_PRODUCT, 0.6);
        w.put(Sources.CO_PURCHASE, 0.5);
        w.put(Sources.TRENDING, 0.3);
        w.put(Sources.AGE_POPULAR, 0.15);
        w.put(Sources.EMBEDDING, 0.3);
        RecommenderSettings d = RecommenderSettings.defaults();
        // pure rank fusion (scoreExponent 0) and half-lives 28/7 days, whatever core's tuned defaults become
        return new RecommenderSettings(d.k(), new io.hmrec.core.state.HalfLives(28, 7), d.maxEdgesPerCustomer(),
                d.popularListSize(), d.coPurchaseWindowDays(), d.coPurchaseGapHalfLifeDays(), d.neighbourHalfLifeDays(),
                d.neighboursPerArticle(), d.repurchaseHalfLifeDays(), d.repurchaseWindowDays(),
                d.sameProductHalfLifeDays(), d.sameProductWindowDays(), d.coPurchaseAnchors(),
                d.coPurchaseAnchorWindowDays(), d.coPurchaseAnchorHalfLifeDays(), d.candidatesPerSource(), 2.0, 0.0, w,
                d.negativesPerCustomer(), d.negativeSeed());
    }
}
