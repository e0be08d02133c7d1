package io.hmrec.core.rec;

import io.hmrec.core.model.ScoredArticle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turning accumulated per-article scores into a best-first candidate list. */
final class Ranking {
    private Ranking() {}

    static List<ScoredArticle> top(Map<String, Double> scores, String source, int limit) {
        List<ScoredArticle> all = new ArrayList<>(scores.size());
        scores.forEach((a, s) -> all.add(new ScoredArticle(a, s, source)));
        all.sort(ScoredArticle.BEST_FIRST);
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
    }

    /** Recency weight of something last seen on {@code day}, as of {@code asOfDay}. */
    static double recency(int asOfDay, int day, double halfLifeDays) {
        return Math.pow(2.0, -Math.max(0, asOfDay - day) / halfLifeDays);
    }
}
