package io.hmrec.trainer.model;

import io.hmrec.core.model.Purchase;
import io.hmrec.core.rec.TrainingData;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The training cut as dense integer indices: customers {@code 0..customers-1} and articles {@code 0..articles-1},
 * both in sorted id order (so every run over the same cut numbers nodes the same way), and the distinct
 * customer–article edges sorted by (customer, article). Repeat purchases of a pair collapse into one edge: LightGCN
 * and the collaborative filter learn from "bought or not", not from quantities.
 */
public final class GraphIndex {
    private final List<String> customerIds;
    private final List<String> articleIds;
    private final Map<String, Integer> customerIndex;
    private final Map<String, Integer> articleIndex;
    private final int[] edgeCustomer;
    private final int[] edgeArticle;
    private final int[][] bought;
    private final int[] articleDegree;
    private final int[][] negatives;

    private GraphIndex(List<String> customerIds, List<String> articleIds, int[] edgeCustomer, int[] edgeArticle,
                       Map<String, List<String>> negativeIds) {
        this.customerIds = List.copyOf(customerIds);
        this.articleIds = List.copyOf(articleIds);
        this.customerIndex = indexOf(this.customerIds);
        this.articleIndex = indexOf(this.articleIds);
        this.edgeCustomer = edgeCustomer;
        this.edgeArticle = edgeArticle;
        int nc = customerIds.size();
        int[] customerDegree = new int[nc];
        articleDegree = new int[articleIds.size()];
        for (int e = 0; e < edgeCustomer.length; e++) {
            customerDegree[edgeCustomer[e]]++;
            articleDegree[edgeArticle[e]]++;
        }
        bought = new int[nc][];
        int e = 0;
        for (int c = 0; c < nc; c++) {
            bought[c] = Arrays.copyOfRange(edgeArticle, e, e + customerDegree[c]);
            e += customerDegree[c];
        }
        negatives = new int[nc][];
        for (int c = 0; c < nc; c++) {
            List<String> ids = negativeIds.getOrDefault(this.customerIds.get(c), List.of());
            int[] own = bought[c];
            negatives[c] = ids.stream().map(articleIndex::get).filter(a -> a != null)
                    .mapToInt(Integer::intValue).filter(a -> Arrays.binarySearch(own, a) < 0).distinct().toArray();
        }
    }

    /** Indexes the purchases (and negative samples) of a training cut. Articles only seen as negatives are ignored. */
    public static GraphIndex of(TrainingData data) {
        TreeSet<String> customers = new TreeSet<>();
        TreeSet<String> articles = new TreeSet<>();
        for (Purchase p : data.purchases()) {
            customers.add(p.customerId());
            articles.add(p.articleId());
        }
        List<String> cs = new ArrayList<>(customers);
        List<String> as = new ArrayList<>(articles);
        Map<String, Integer> ci = indexOf(cs);
        Map<String, Integer> ai = indexOf(as);
        long[] keys = new long[data.purchases().size()];
        int n = 0;
        for (Purchase p : data.purchases()) {
            keys[n++] = ((long) ci.get(p.customerId()) << 32) | ai.get(p.articleId());
        }
        return fromPairKeys(cs, as, keys, data.negatives());
    }

    /**
     * Builds an index from raw (customer, article) index pairs; duplicates are collapsed. Used by the benchmark's
     * synthetic graphs, whose ids are generated.
     */
    public static GraphIndex ofPairs(List<String> customerIds, List<String> articleIds, int[] customers, int[] articles) {
        long[] keys = new long[customers.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ((long) customers[i] << 32) | articles[i];
        }
        return fromPairKeys(customerIds, articleIds, keys, Map.of());
    }

    private static GraphIndex fromPairKeys(List<String> cs, List<String> as, long[] keys, Map<String, List<String>> negs) {
        Arrays.sort(keys);
        int distinct = 0;
        for (int i = 0; i < keys.length; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                keys[distinct++] = keys[i];
            }
        }
        int[] ec = new int[distinct];
        int[] ea = new int[distinct];
        for (int i = 0; i < distinct; i++) {
            ec[i] = (int) (keys[i] >>> 32);
            ea[i] = (int) keys[i];
        }
        return new GraphIndex(cs, as, ec, ea, negs);
    }

    private static Map<String, Integer> indexOf(List<String> ids) {
        Map<String, Integer> m = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            m.put(ids.get(i), i);
        }
        return m;
    }

    public int customers() {
        return customerIds.size();
    }

    public int articles() {
        return articleIds.size();
    }

    public int edges() {
        return edgeCustomer.length;
    }

    public List<String> customerIds() {
        return customerIds;
    }

    public List<String> articleIds() {
        return articleIds;
    }

    /** Index of a customer, or -1 when the cut does not contain them. */
    public int customerIndex(String customerId) {
        return customerIndex.getOrDefault(customerId, -1);
    }

    /** Index of an article, or -1 when the cut does not contain it. */
    public int articleIndex(String articleId) {
        return articleIndex.getOrDefault(articleId, -1);
    }

    public int edgeCustomer(int edge) {
        return edgeCustomer[edge];
    }

    public int edgeArticle(int edge) {
        return edgeArticle[edge];
    }

    /** Sorted article indices the customer bought in the cut (shared array: do not modify). */
    int[] boughtBy(int customer) {
        return bought[customer];
    }

    /** Per customer, the sorted article indices bought; copies, for saving with a model. */
    public int[][] boughtCopy() {
        int[][] copy = new int[bought.length][];
        for (int i = 0; i < bought.length; i++) {
            copy[i] = bought[i].clone();
        }
        return copy;
    }

    /** The stream's negative samples of a customer that are known articles the customer never bought; may be empty. */
    int[] negativesOf(int customer) {
        return negatives[customer];
    }

    /** Number of distinct customers who bought each article (shared array: do not modify). */
    int[] articleDegrees() {
        return articleDegree;
    }

    /** Stable fingerprint of the graph's shape and contents, so a checkpoint is only resumed on the same cut. */
    public long fingerprint() {
        long h = 1125899906842597L;
        h = 31 * h + customerIds.hashCode();
        h = 31 * h + articleIds.hashCode();
        h = 31 * h + Arrays.hashCode(edgeCustomer);
        h = 31 * h + Arrays.hashCode(edgeArticle);
        for (int[] n : negatives) {
            h = 31 * h + Arrays.hashCode(n);
        }
        return h;
    }

    /**
     * The symmetric-normalised bipartite adjacency D^-1/2 A D^-1/2 over customers followed by articles (node
     * {@code customers + a} is article {@code a}) as COO indices and values. Both directions of every edge are
     * present, so row i's entries are i's neighbours weighted 1/sqrt(deg(i) deg(j)).
     *
     * @return indices {@code [2][2E]} (row, column) and a buffer of 2E float weights
     */
    public Coo normalisedAdjacency() {
        int nc = customers();
        int[] customerDegree = new int[nc];
        for (int c : edgeCustomer) {
            customerDegree[c]++;
        }
        int e = edges();
        long[][] idx = new long[2][2 * e];
        float[] w = new float[2 * e];
        for (int i = 0; i < e; i++) {
            int c = edgeCustomer[i];
            int a = edgeArticle[i];
            float v = (float) (1.0 / Math.sqrt((double) customerDegree[c] * articleDegree[a]));
            idx[0][i] = c;
            idx[1][i] = nc + a;
            w[i] = v;
            idx[0][e + i] = nc + a;
            idx[1][e + i] = c;
            w[e + i] = v;
        }
        return new Coo(idx, FloatBuffer.wrap(w), nc + articles());
    }

    /** A square sparse matrix in COO form. */
    public record Coo(long[][] indices, FloatBuffer values, int size) {}
}
