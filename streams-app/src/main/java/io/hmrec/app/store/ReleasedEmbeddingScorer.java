package io.hmrec.app.store;

import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.EmbeddingScorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * An immutable snapshot of one released embedding model: score = u·v + b_u + b_v (biases 0 when the release has
 * none). {@link #topForCustomer} is an exact scan over every article (about 105k × 64 multiply-adds, a few ms).
 */
public final class ReleasedEmbeddingScorer implements EmbeddingScorer {
    private final String version;
    private final int dim;
    private final Map<String, Integer> customerRow;
    private final float[] customers;
    private final float[] customerBias;
    private final String[] articleIds;
    private final Map<String, Integer> articleRow;
    private final float[] articles;
    private final float[] articleBias;

    /**
     * @param customers    row-major customer vectors, {@code customerIds.size() * dim} floats
     * @param customerBias one bias per customer row, or null
     * @param articles     row-major article vectors, {@code articleIds.size() * dim} floats
     * @param articleBias  one bias per article row, or null
     */
    public ReleasedEmbeddingScorer(String version, int dim, List<String> customerIds, float[] customers,
                                   float[] customerBias, List<String> articleIds, float[] articles, float[] articleBias) {
        if (dim <= 0) {
            throw new IllegalArgumentException("embedding dim must be > 0, got " + dim);
        }
        if (customers.length != (long) customerIds.size() * dim || articles.length != (long) articleIds.size() * dim) {
            throw new IllegalArgumentException("model " + version + ": vector lengths do not match ids × dim " + dim);
        }
        if (customerBias != null && customerBias.length != customerIds.size()
                || articleBias != null && articleBias.length != articleIds.size()) {
            throw new IllegalArgumentException("model " + version + ": bias lengths do not match the ids");
        }
        this.version = version;
        this.dim = dim;
        this.customerRow = index(customerIds);
        this.customers = customers;
        this.customerBias = customerBias;
        this.articleIds = articleIds.toArray(String[]::new);
        this.articleRow = index(articleIds);
        this.articles = articles;
        this.articleBias = articleBias;
    }

    private static Map<String, Integer> index(List<String> ids) {
        Map<String, Integer> m = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            m.put(ids.get(i), i);
        }
        return m;
    }

    @Override
    public String modelVersion() {
        return version;
    }

    /** Number of articles the model scores. */
    public int articleCount() {
        return articleIds.length;
    }

    private double dot(int cRow, int aRow) {
        double s = 0;
        int c = cRow * dim;
        int a = aRow * dim;
        for (int i = 0; i < dim; i++) {
            s += customers[c + i] * articles[a + i];
        }
        if (customerBias != null) {
            s += customerBias[cRow];
        }
        if (articleBias != null) {
            s += articleBias[aRow];
        }
        return s;
    }

    @Override
    public List<ScoredArticle> topForCustomer(String customerId, int n) {
        Integer c = customerRow.get(customerId);
        if (c == null || n <= 0) {
            return List.of();
        }
        PriorityQueue<ScoredArticle> heap = new PriorityQueue<>(n + 1, ScoredArticle.BEST_FIRST.reversed());
        for (int a = 0; a < articleIds.length; a++) {
            ScoredArticle s = new ScoredArticle(articleIds[a], dot(c, a), "embedding");
            if (heap.size() < n) {
                heap.add(s);
            } else if (ScoredArticle.BEST_FIRST.compare(s, heap.peek()) < 0) {
                heap.poll();
                heap.add(s);
            }
        }
        List<ScoredArticle> out = new ArrayList<>(heap);
        out.sort(ScoredArticle.BEST_FIRST);
        return out;
    }

    @Override
    public double score(String customerId, String articleId) {
        Integer c = customerRow.get(customerId);
        Integer a = articleRow.get(articleId);
        return c == null || a == null ? Double.NaN : dot(c, a);
    }
}
