package io.hmrec.core.model;

import java.util.Comparator;

/**
 * An article with a score from one source. Higher scores are better; scores are comparable only within one source
 * unless a blender has normalised them.
 *
 * @param articleId normalised 10-digit article id
 * @param score     source-specific score
 * @param source    name of the candidate source or model that produced it
 */
public record ScoredArticle(String articleId, double score, String source) {
    /** Best first; ties broken by article id so every ordering in hmrec is deterministic. */
    public static final Comparator<ScoredArticle> BEST_FIRST = (a, b) -> {
        // written out rather than composed (comparingDouble().reversed().thenComparing()): it ranks every candidate
        // of every emitted list
        int byScore = Double.compare(b.score(), a.score());
        return byScore != 0 ? byScore : a.articleId().compareTo(b.articleId());
    };
}
