package io.hmrec.core.rec;

import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.ScoredArticle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What sells right now in the customer's favourite index group (the one holding most of their units; ties go to
 * the name first in order): the global trending list, deepest kept ({@code popularListSize}), narrowed to that group,
 * with the trending scores. Customers lean to one index group, so its best sellers reach below the global top of the
 * trending source; a customer with no purchase, or whose purchases the catalog does not place, gets nothing.
 */
public final class FavouriteGroupTrendingSource implements CandidateSource {
    private final RecommenderSettings settings;

    public FavouriteGroupTrendingSource(RecommenderSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return Sources.GROUP_TRENDING;
    }

    @Override
    public List<ScoredArticle> candidates(CustomerProfile customer, RecContext context, int limit) {
        Map<String, Integer> units = new HashMap<>();
        for (Edge e : customer.edges()) {
            String group = context.catalog().article(e.articleId()).indexGroupName();
            if (!group.isEmpty()) {
                units.merge(group, e.count(), Integer::sum);
            }
        }
        String favourite = null;
        for (Map.Entry<String, Integer> g : units.entrySet()) {
            if (favourite == null || g.getValue() > units.get(favourite)
                    || (g.getValue().equals(units.get(favourite)) && g.getKey().compareTo(favourite) < 0)) {
                favourite = g.getKey();
            }
        }
        if (favourite == null) {
            return List.of();
        }
        List<ScoredArticle> out = new ArrayList<>();
        for (ScoredArticle a : context.popularity().top(PopularityKind.TRENDING, AgeBucket.ALL, settings.popularListSize())) {
            if (out.size() >= limit) {
                break;
            }
            if (favourite.equals(context.catalog().article(a.articleId()).indexGroupName())) {
                out.add(new ScoredArticle(a.articleId(), a.score(), name()));
            }
        }
        return out;
    }
}
