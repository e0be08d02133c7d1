package io.hmrec.core.rec;

import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.ScoredArticle;
import java.util.List;

/**
 * What customers of the same age bucket buy (long half-life counter); customers of unknown age get the global list,
 * as the "unknown" bucket mixes all ages.
 */
public final class AgeBucketPopularSource implements CandidateSource {
    @Override
    public String name() {
        return Sources.AGE_POPULAR;
    }

    @Override
    public List<ScoredArticle> candidates(CustomerProfile customer, RecContext context, int limit) {
        int bucket = customer.ageBucket() == AgeBucket.UNKNOWN ? AgeBucket.ALL : customer.ageBucket();
        return TrendingSource.relabel(context.popularity().top(PopularityKind.POPULAR, bucket, limit), name());
    }
}
