package io.hmrec.trainer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.hmrec.core.model.ScoredArticle;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained embedding model frozen for serving: customer and article embeddings (row-major float32, {@code dim} per
 * row, rows in id order), optional per-row biases, and what each customer bought in the training cut (for
 * {@code filterAlreadyBought}). Score of (c, a) = e_c · e_a + b_c + b_a, optionally squashed by a sigmoid into
 * {@code [yLow, yHigh]} (monotone, so rankings do not change). Immutable.
 */
public final class EmbeddingTables {
    /** Rows per scoring matrix multiply. Customer blocks are padded to this size so that a customer's scores are
     * bit-identical whether recommended alone or in a batch. */
    static final int BLOCK = 128;
    private static final String PARAMS = "params.ndlist";

    static {
        // scoring or loading a saved model may be the process's first tensor, before any fit picked a device
        NativeMemory.prepare();
    }

    private final List<String> customerIds;
    private final List<String> articleIds;
    private final Map<String, Integer> customerIndex;
    private final Map<String, Integer> articleIndex;
    private final int dim;
    private final float[] customers;
    private final float[] articles;
    private final float[] customerBias;
    private final float[] articleBias;
    private final int[][] bought;
    private final boolean squash;
    private final float yLow;
    private final float yHigh;

    /**
     * @param customers    row-major customers × dim
     * @param articles     row-major articles × dim
     * @param customerBias one per customer, or empty
     * @param articleBias  one per article, or empty
     * @param bought       per customer, sorted article indices bought in training
     * @param squash       apply the sigmoid into [yLow, yHigh] to scores
     */
    public EmbeddingTables(List<String> customerIds, List<String> articleIds, int dim, float[] customers, float[] articles,
                    float[] customerBias, float[] articleBias, int[][] bought, boolean squash, float yLow, float yHigh) {
        if (customers.length != customerIds.size() * dim || articles.length != articleIds.size() * dim) {
            throw new IllegalArgumentException("embedding tables do not match ids x dim: " + customers.length + " vs "
                    + customerIds.size() + "x" + dim + ", " + articles.length + " vs " + articleIds.size() + "x" + dim);
        }
        this.customerIds = List.copyOf(customerIds);
        this.articleIds = List.copyOf(articleIds);
        this.customerIndex = index(this.customerIds);
        this.articleIndex = index(this.articleIds);
        this.dim = dim;
        this.customers = customers;
        this.articles = articles;
        this.customerBias = customerBias;
        this.articleBias = articleBias;
        this.bought = bought;
        this.squash = squash;
        this.yLow = yLow;
        this.yHigh = yHigh;
    }

    private static Map<String, Integer> index(List<String> ids) {
        Map<String, Integer> m = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            m.put(ids.get(i), i);
        }
        return m;
    }

    public int dim() {
        return dim;
    }

    public List<String> customerIds() {
        return customerIds;
    }

    public List<String> articleIds() {
        return articleIds;
    }

    /** Customer embeddings, row-major (customers × dim); a copy. */
    public float[] customerEmbeddings() {
        return customers.clone();
    }

    /** Article embeddings, row-major (articles × dim); a copy. */
    public float[] articleEmbeddings() {
        return articles.clone();
    }

    /** Customer biases, one per customer, or an empty array when the model has none; a copy. */
    public float[] customerBias() {
        return customerBias.clone();
    }

    /** Article biases, one per article, or an empty array when the model has none; a copy. */
    public float[] articleBias() {
        return articleBias.clone();
    }

    public boolean knowsCustomer(String customerId) {
        return customerIndex.containsKey(customerId);
    }

    /** Score of one pair, NaN when the customer or the article is unknown. */
    public double score(String customerId, String articleId) {
        Integer c = customerIndex.get(customerId);
        Integer a = articleIndex.get(articleId);
        if (c == null || a == null) {
            return Double.NaN;
        }
        float s = 0;
        for (int d = 0; d < dim; d++) {
            s += customers[c * dim + d] * articles[a * dim + d];
        }
        return output(s + bias(customerBias, c) + bias(articleBias, a));
    }

    private static float bias(float[] b, int i) {
        return b.length == 0 ? 0f : b[i];
    }

    private double output(float raw) {
        return squash ? yLow + (yHigh - yLow) / (1 + Math.exp(-raw)) : raw;
    }

    /** Top-k per customer, in input order; unknown customers get an empty list. */
    public List<List<ScoredArticle>> recommend(List<String> customerIdList, int k, boolean filterAlreadyBought,
                                               String source) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        List<List<ScoredArticle>> out = new ArrayList<>(customerIdList.size());
        int[] known = new int[customerIdList.size()];
        int knownCount = 0;
        for (String id : customerIdList) {
            Integer c = customerIndex.get(id);
            out.add(List.of());
            if (c != null) {
                known[knownCount++] = c;
            }
        }
        if (knownCount == 0 || k == 0 || articleIds.isEmpty()) {
            return out;
        }
        Map<Integer, List<ScoredArticle>> byCustomer = new HashMap<>();
        int na = articleIds.size();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray articleMatrix = manager.create(articles, new Shape(na, dim)).transpose();
            float[] block = new float[BLOCK * dim];
            for (int start = 0; start < knownCount; start += BLOCK) {
                int rows = Math.min(BLOCK, knownCount - start);
                Arrays.fill(block, 0f);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(customers, known[start + r] * dim, block, r * dim, dim);
                }
                float[] scores;
                try (NDManager step = manager.newSubManager()) {
                    NDArray u = step.create(block, new Shape(BLOCK, dim));
                    scores = u.matMul(articleMatrix).toFloatArray();
                }
                for (int r = 0; r < rows; r++) {
                    int c = known[start + r];
                    byCustomer.put(c, topK(c, scores, r * na, k, filterAlreadyBought, source));
                }
            }
        }
        for (int i = 0; i < customerIdList.size(); i++) {
            Integer c = customerIndex.get(customerIdList.get(i));
            if (c != null) {
                out.set(i, byCustomer.get(c));
            }
        }
        return out;
    }

    private List<ScoredArticle> topK(int c, float[] scores, int offset, int k, boolean filter, String source) {
        int na = articleIds.size();
        int[] own = filter ? bought[c] : new int[0];
        float cb = bias(customerBias, c);
        int[] bestIdx = new int[k];
        float[] bestScore = new float[k];
        int size = 0;
        for (int a = 0; a < na; a++) {
            if (own.length > 0 && Arrays.binarySearch(own, a) >= 0) {
                continue;
            }
            float s = scores[offset + a] + cb + bias(articleBias, a);
            if (size == k && !(s > bestScore[k - 1])) {
                continue; // equal scores keep the earlier (smaller) article id: ties break by id
            }
            int pos = size == k ? k - 1 : size++;
            while (pos > 0 && s > bestScore[pos - 1]) {
                bestScore[pos] = bestScore[pos - 1];
                bestIdx[pos] = bestIdx[pos - 1];
                pos--;
            }
            bestScore[pos] = s;
            bestIdx[pos] = a;
        }
        List<ScoredArticle> result = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            result.add(new ScoredArticle(articleIds.get(bestIdx[i]), output(bestScore[i]), source));
        }
        return List.copyOf(result);
    }

    /** Writes the tables into {@code dir}: {@code params.ndlist} (DJL NDList), id lists and bought lists. */
    void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("customers.txt"), customerIds, StandardCharsets.UTF_8);
        Files.write(dir.resolve("articles.txt"), articleIds, StandardCharsets.UTF_8);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("bought.txt"), StandardCharsets.UTF_8)) {
            for (int[] b : bought) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < b.length; i++) {
                    line.append(i == 0 ? "" : ",").append(b[i]);
                }
                w.write(line.toString());
                w.newLine();
            }
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
             OutputStream out = Files.newOutputStream(dir.resolve(PARAMS))) {
            NDList list = new NDList();
            list.add(named(manager.create(customers, new Shape(customerIds.size(), dim)), "customer_embeddings"));
            list.add(named(manager.create(articles, new Shape(articleIds.size(), dim)), "article_embeddings"));
            list.add(named(manager.create(customerBias), "customer_bias"));
            list.add(named(manager.create(articleBias), "article_bias"));
            list.encode(out);
        }
    }

    private static NDArray named(NDArray a, String name) {
        a.setName(name);
        return a;
    }

    /** Reads tables written by {@link #save(Path)}. */
    static EmbeddingTables load(Path dir, boolean squash, float yLow, float yHigh) throws IOException {
        List<String> cs = Files.readAllLines(dir.resolve("customers.txt"), StandardCharsets.UTF_8);
        List<String> as = Files.readAllLines(dir.resolve("articles.txt"), StandardCharsets.UTF_8);
        List<String> lines = Files.readAllLines(dir.resolve("bought.txt"), StandardCharsets.UTF_8);
        if (lines.size() != cs.size()) {
            throw new IOException("bought.txt has " + lines.size() + " lines for " + cs.size() + " customers in " + dir);
        }
        int[][] bought = new int[cs.size()][];
        for (int i = 0; i < bought.length; i++) {
            String l = lines.get(i);
            bought[i] = l.isEmpty() ? new int[0] : Arrays.stream(l.split(",")).mapToInt(Integer::parseInt).toArray();
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
             InputStream in = Files.newInputStream(dir.resolve(PARAMS))) {
            NDList list = NDList.decode(manager, in);
            NDArray ce = list.get("customer_embeddings");
            NDArray ae = list.get("article_embeddings");
            if (ce == null || ae == null) {
                throw new IOException(PARAMS + " in " + dir + " lacks customer_embeddings or article_embeddings");
            }
            int dim = (int) ce.getShape().get(1);
            return new EmbeddingTables(cs, as, dim, ce.toFloatArray(), ae.toFloatArray(),
                    list.get("customer_bias").toFloatArray(), list.get("article_bias").toFloatArray(), bought, squash,
                    yLow, yHigh);
        }
    }
}
