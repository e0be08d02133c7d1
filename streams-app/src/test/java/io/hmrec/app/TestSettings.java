package io.hmrec.app;

import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.core.rec.Sources;
import java.util.LinkedHashMap;
import java.util.Map;

/** Recommendation settings pinned for hand-computed expectations, independent of core's tuned defaults. */
public final class TestSettings {
    private TestSettings() {}

    /**
     * Core defaults with pure rank fusion: the i-th (0-based) candidate of a source adds weight / (i + 2); weights
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
        RecommenderSettings s = RecommenderSettings.defaults().withSourceWeights(w).withRankOffset(2.0);
        if (s.scoreExponent() != 0.0) {
            throw new IllegalStateException("core's default scoreExponent changed to " + s.scoreExponent()
                    + ": pin it here too");
        }
        return s;
    }
}
