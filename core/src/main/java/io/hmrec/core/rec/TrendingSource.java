package io.hmrec.core.rec;

import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.ScoredArticle;
import java.util.List;

/** What sells right now across all customers: the short half-life popularity counter. */
public final class TrendingSource implements CandidateSource {
    @Override
    public String name() {
        return Sources.TRENDING;
    }

    @Override
    public List<ScoredArticle> candidates(CustomerProfile customer, RecContext context, int limit) {
        return relabel(context.popularity().top(PopularityKind.TRENDING, AgeBucket.ALL, limit), name());
    }

    static List<ScoredArticle> relabel(List<ScoredArticle> in, String source) {
        return in.stream().map(a -> new ScoredArticle(a.articleId(), a.score(), source)).toList();
    }
}
