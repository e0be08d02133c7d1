package io.hmrec.core.rec;

import io.hmrec.core.model.ScoredArticle;
import java.util.List;

/**
 * Time-decayed popularity over event time, global and per age bucket. {@link PopularityKind} picks the half-life:
 * a long one for "popular" and a short one for "trending".
 */
public interface PopularityView {
    /**
     * The {@code n} most popular articles for an age bucket ({@link io.hmrec.core.model.AgeBucket#ALL} for all
     * customers), best first, scores being decayed counts as of the view's day.
     */
    List<ScoredArticle> top(PopularityKind kind, int ageBucket, int n);

    /** Decayed count of one article for an age bucket; 0 when unknown. */
    double score(PopularityKind kind, int ageBucket, String articleId);
}
