package io.hmrec.core.rec;

import io.hmrec.core.model.ScoredArticle;
import java.util.List;

/** Item-to-item neighbours, e.g. articles bought by the same customers within a few days. */
public interface NeighbourView {
    /** Up to {@code n} neighbours of an article, best first; empty when unknown. */
    List<ScoredArticle> neighbours(String articleId, int n);
}
