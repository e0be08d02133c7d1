package io.hmrec.core.rec;

import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.model.Purchase;
import java.util.HashMap;
import java.util.Map;

/** Small hand-made worlds for the recommendation tests. */
final class RecFixtures {
    private RecFixtures() {}

    /** A 10-digit article id from a 7-digit product number and a 3-digit colour variant. */
    static String art(int product, int variant) {
        return String.format("%07d%03d", product, variant);
    }

    static Purchase buy(int day, String customer, String article) {
        return new Purchase(day, customer, article, 0.02, 2);
    }

    static Map<String, ArticleInfo> catalog(String... ids) {
        Map<String, ArticleInfo> out = new HashMap<>();
        for (String id : ids) {
            out.put(id, ArticleInfo.unknown(id));
        }
        return out;
    }
}
