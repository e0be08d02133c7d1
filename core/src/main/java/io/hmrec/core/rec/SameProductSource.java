package io.hmrec.core.rec;

import io.hmrec.core.model.ArticleIds;
import io.hmrec.core.model.ScoredArticle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Other colours of products the customer bought: each bought article proposes the catalog's other articles of its
 * product code, weighted by how recently it was bought; a colour proposed by several purchases adds up. Articles the
 * customer already bought are left to the repurchase source.
 */
public final class SameProductSource implements CandidateSource {
    private final RecommenderSettings settings;

    public SameProductSource(RecommenderSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return Sources.SAME_PRODUCT;
    }

    @Override
    public List<ScoredArticle> candidates(CustomerProfile customer, RecContext context, int limit) {
        Map<String, Double> scores = new HashMap<>();
        java.util.Set<String> bought = new java.util.HashSet<>();
        for (Edge e : customer.edges()) {
            bought.add(e.articleId());
        }
        for (Edge e : customer.edges()) {
            if (context.asOfDay() - e.lastDay() > settings.sameProductWindowDays()) {
                continue;
            }
            double w = Ranking.recency(context.asOfDay(), e.lastDay(), settings.sameProductHalfLifeDays());
            for (String other : context.catalog().articlesOfProduct(ArticleIds.productCode(e.articleId()))) {
                if (!bought.contains(other)) {
                    scores.merge(other, w, Double::sum);
                }
            }
        }
        return Ranking.top(scores, name(), limit);
    }
}
