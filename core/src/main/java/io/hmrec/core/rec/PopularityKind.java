package io.hmrec.core.rec;

/** Which decayed popularity counter; each has its own half-life in days. */
public enum PopularityKind {
    /** Long memory (half-life of weeks): steady sellers. */
    POPULAR,
    /** Short memory (half-life of days): what is selling right now. Recency is everything on this data. */
    TRENDING
}
