package io.hmrec.core.rec;

import io.hmrec.core.model.ScoredArticle;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Co-purchase neighbours of the customer's most recent articles ("bought by the same customers within a few days").
 * Each anchor's neighbour weights are normalised by its strongest neighbour, so one very popular anchor does not
 * drown the others, then weighted by the anchor's recency; contributions add up. Already bought articles are left
 * to the repurchase source.
 */
public final class CoPurchaseSource implements CandidateSource {
    private final RecommenderSettings settings;

    public CoPurchaseSource(RecommenderSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return Sources.CO_PURCHASE;
    }

    @Override
    public List<ScoredArticle> candidates(CustomerProfile customer, RecContext context, int limit) {
        Set<String> bought = new HashSet<>();
        for (Edge e : customer.edges()) {
            bought.add(e.articleId());
        }
        Map<String, Double> scores = new HashMap<>();
        int anchors = 0;
        for (Edge e : customer.edges()) { // most recent first
            if (anchors >= settings.coPurchaseAnchors()
                    || context.asOfDay() - e.lastDay() > settings.coPurchaseAnchorWindowDays()) {
                break;
            }
            anchors++;
            List<ScoredArticle> ns = context.coPurchase().neighbours(e.articleId(), settings.neighboursPerArticle());
            if (ns.isEmpty() || !(ns.get(0).score() > 0)) {
                continue;
            }
            double max = ns.get(0).score();
            double w = Ranking.recency(context.asOfDay(), e.lastDay(), settings.coPurchaseAnchorHalfLifeDays());
            for (ScoredArticle n : ns) {
                if (!bought.contains(n.articleId())) {
                    scores.merge(n.articleId(), w * n.score() / max, Double::sum);
                }
            }
        }
        return Ranking.top(scores, name(), limit);
    }
}
