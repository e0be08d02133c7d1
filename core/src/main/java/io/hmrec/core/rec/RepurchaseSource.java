package io.hmrec.core.rec;

import io.hmrec.core.model.ScoredArticle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Articles the customer bought before: score {@code (1 + ln count) * 2^(-daysSinceLast / halfLife)}, so a recent buy
 * outranks an old one and repeated buys add with diminishing weight. Purchases older than the window are left out.
 */
public final class RepurchaseSource implements CandidateSource {
    private final RecommenderSettings settings;

    public RepurchaseSource(RecommenderSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return Sources.REPURCHASE;
    }

    @Override
    public List<ScoredArticle> candidates(CustomerProfile customer, RecContext context, int limit) {
        Map<String, Double> scores = new HashMap<>();
        for (Edge e : customer.edges()) {
            if (context.asOfDay() - e.lastDay() > settings.repurchaseWindowDays()) {
                continue;
            }
            double s = (1.0 + Math.log(e.count()))
                    * Ranking.recency(context.asOfDay(), e.lastDay(), settings.repurchaseHalfLifeDays());
            scores.put(e.articleId(), s);
        }
        return Ranking.top(scores, name(), limit);
    }
}
