package io.hmrec.core.rec;

import io.hmrec.core.model.ScoredArticle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/** Turning accumulated per-article scores into a best-first candidate list. */
final class Ranking {
    private Ranking() {}

    /**
     * The {@code limit} best of {@code scores} as {@code source}'s candidates, as {@link #best} of every entry turned
     * into a candidate would give; only the kept entries become candidates. The co-purchase source pools up to 500
     * neighbours per list to keep 50, and making a candidate of each was about a twelfth of the stream thread at
     * 2,000 purchases/s (session 14).
     */
    static List<ScoredArticle> top(Map<String, Double> scores, String source, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        if (scores.size() <= limit) {
            List<ScoredArticle> all = new ArrayList<>(scores.size());
            scores.forEach((a, s) -> all.add(new ScoredArticle(a, s, source)));
            return best(all, limit);
        }
        List<Map.Entry<String, Double>> kept = keep(scores.entrySet(), ENTRY_BEST_FIRST, limit);
        ScoredArticle[] out = new ScoredArticle[kept.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new ScoredArticle(kept.get(i).getKey(), kept.get(i).getValue(), source);
        }
        Arrays.sort(out, ScoredArticle.BEST_FIRST);
        return List.of(out);
    }

    /** {@link ScoredArticle#BEST_FIRST} for a score map's entries: higher score first, ties by article id. */
    private static final Comparator<Map.Entry<String, Double>> ENTRY_BEST_FIRST = (a, b) -> {
        int byScore = Double.compare(b.getValue(), a.getValue());
        return byScore != 0 ? byScore : a.getKey().compareTo(b.getKey());
    };

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
        ScoredArticle[] out = keep(all, ScoredArticle.BEST_FIRST, limit).toArray(new ScoredArticle[0]);
        Arrays.sort(out, ScoredArticle.BEST_FIRST);
        return List.of(out);
    }

    /** The {@code limit} (> 0) best of {@code all} by {@code bestFirst}, in no particular order: a bounded heap. */
    private static <T> List<T> keep(Iterable<T> all, Comparator<? super T> bestFirst, int limit) {
        PriorityQueue<T> kept = new PriorityQueue<>(limit + 1, bestFirst.reversed());
        for (T a : all) {
            if (kept.size() < limit) {
                kept.add(a);
            } else if (bestFirst.compare(a, kept.peek()) < 0) {
                kept.poll();
                kept.add(a);
            }
        }
        return new ArrayList<>(kept);
    }

    /** Recency weight of something last seen on {@code day}, as of {@code asOfDay}. */
    static double recency(int asOfDay, int day, double halfLifeDays) {
        return Math.pow(2.0, -Math.max(0, asOfDay - day) / halfLifeDays);
    }
}
