package io.hmrec.core.state;

import io.hmrec.core.rec.PopularityKind;

/**
 * Half-lives in days of the two popularity counters.
 *
 * @param popularDays  long memory for {@link PopularityKind#POPULAR} (weeks)
 * @param trendingDays short memory for {@link PopularityKind#TRENDING} (days)
 */
public record HalfLives(double popularDays, double trendingDays) {
    public HalfLives {
        if (!(popularDays > 0) || !(trendingDays > 0)) {
            throw new IllegalArgumentException("half-lives must be > 0 days, got " + popularDays + " and " + trendingDays);
        }
    }

    public double of(PopularityKind kind) {
        return kind == PopularityKind.POPULAR ? popularDays : trendingDays;
    }
}
