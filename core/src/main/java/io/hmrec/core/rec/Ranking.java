package io.hmrec.core.rec;

import io.hmrec.core.model.ScoredArticle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/** Turning accumulated per-article scores into a best-first candidate list. */
final class Ranking {
    private Ranking() {}

    static List<ScoredArticle> top(Map<String, Double> scores, String source, int limit) {
        List<ScoredArticle> all = new ArrayList<>(scores.size());
        scores.forEach((a, s) -> all.add(new ScoredArticle(a, s, source)));
        return best(all, limit);
    }

    /**
     * The {@code limit} best of {@code all} in {@link ScoredArticle#BEST_FIRST} order: what sorting all and keeping
     * the head gives, but with a bounded heap (worst kept on top), since every emitted list ranks a few hundred
     * pooled candidates per source to keep a few dozen. Sorts {@code all} in place when it is short enough.
     */
    static List<ScoredArticle> best(List<ScoredArticle> all, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        if (all.size() <= limit) {
            all.sort(ScoredArticle.BEST_FIRST);
            return all;
        }
        PriorityQueue<ScoredArticle> kept = new PriorityQueue<>(limit + 1, ScoredArticle.BEST_FIRST.reversed());
        for (ScoredArticle a : all) {
            if (kept.size() < limit) {
                kept.add(a);
            } else if (ScoredArticle.BEST_FIRST.compare(a, kept.peek()) < 0) {
                kept.poll();
                kept.add(a);
            }
        }
        ScoredArticle[] out = kept.toArray(new ScoredArticle[0]);
        Arrays.sort(out, ScoredArticle.BEST_FIRST);
        return List.of(out);
    }

    /** Recency weight of something last seen on {@code day}, as of {@code asOfDay}. */
    static double recency(int asOfDay, int day, double halfLifeDays) {
        return Math.pow(2.0, -Math.max(0, asOfDay - day) / halfLifeDays);
    }
}
