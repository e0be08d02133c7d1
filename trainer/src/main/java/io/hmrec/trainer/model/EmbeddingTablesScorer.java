package io.hmrec.trainer.model;

import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.EmbeddingScorer;
import java.util.List;
import java.util.Objects;

/** {@link EmbeddingScorer} over one trained model version's frozen tables. Top lists exclude nothing. */
public final class EmbeddingTablesScorer implements EmbeddingScorer {
    private final String version;
    private final EmbeddingTables tables;
    private final String source;

    public EmbeddingTablesScorer(String version, EmbeddingTables tables, String source) {
        this.version = Objects.requireNonNull(version, "version");
        this.tables = Objects.requireNonNull(tables, "tables");
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public String modelVersion() {
        return version;
    }

    @Override
    public List<ScoredArticle> topForCustomer(String customerId, int n) {
        return tables.recommend(List.of(customerId), n, false, source).get(0);
    }

    @Override
    public double score(String customerId, String articleId) {
        return tables.score(customerId, articleId);
    }
}
