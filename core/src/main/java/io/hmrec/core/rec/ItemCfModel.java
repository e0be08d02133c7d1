package io.hmrec.core.rec;

import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.state.CustomerEdges;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Item-based collaborative filtering: article–article cosine similarity over the sets of customers who bought them,
 * {@code |C_i ∩ C_j| / sqrt(|C_i| |C_j|)}, keeping each article's {@code neighbours} most similar articles. A
 * customer's score for article j is {@code Σ_i recency(i) * sim(i, j)} over the articles i they bought, recency
 * halving every {@code recencyHalfLifeDays} before the training cut.
 */
public final class ItemCfModel extends NeighbourhoodModel {
    public static final RecommenderModelLoader LOADER = ItemCfModel::load;

    private static final int VERSION = 1;
    /** Only a customer's most recent articles form pairs: keeps fitting O(customers * cap^2) on heavy buyers. */
    private static final int PAIR_CAP = 64;

    private Map<String, List<ScoredArticle>> similar = Map.of();

    /**
     * @param neighbours          similar articles kept per article (> 0)
     * @param recencyHalfLifeDays how fast a bought article's influence fades (> 0 days)
     */
    public ItemCfModel(int neighbours, double recencyHalfLifeDays) {
        super(neighbours, recencyHalfLifeDays);
    }

    @Override
    public String name() {
        return "item-cf";
    }

    @Override
    void index() {
        // articles as dense ints; co-occurrence counted row by row through an article -> buyers index into one
        // reusable int array, which is far cheaper than a map of maps on boxed counts
        Map<String, Integer> index = new HashMap<>();
        List<String> ids = new ArrayList<>();
        List<int[]> baskets = new ArrayList<>();
        for (CustomerEdges h : histories.values()) {
            List<Edge> es = h.edges().subList(0, Math.min(PAIR_CAP, h.edges().size()));
            int[] basket = new int[es.size()];
            for (int i = 0; i < basket.length; i++) {
                basket[i] = index.computeIfAbsent(es.get(i).articleId(), a -> {
                    ids.add(a);
                    return ids.size() - 1;
                });
            }
            baskets.add(basket);
        }
        int n = ids.size();
        int[] buyers = new int[n];
        List<List<Integer>> basketsOf = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            basketsOf.add(new ArrayList<>());
        }
        for (int b = 0; b < baskets.size(); b++) {
            for (int a : baskets.get(b)) {
                buyers[a]++;
                basketsOf.get(a).add(b);
            }
        }
        int[] co = new int[n];
        int[] touched = new int[n];
        Map<String, List<ScoredArticle>> sims = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            int t = 0;
            for (int b : basketsOf.get(i)) {
                for (int j : baskets.get(b)) {
                    if (j != i && co[j]++ == 0) {
                        touched[t++] = j;
                    }
                }
            }
            List<ScoredArticle> list = new ArrayList<>(t);
            for (int x = 0; x < t; x++) {
                int j = touched[x];
                list.add(new ScoredArticle(ids.get(j), co[j] / Math.sqrt((double) buyers[i] * buyers[j]), name()));
                co[j] = 0;
            }
            if (!list.isEmpty()) {
                list.sort(ScoredArticle.BEST_FIRST);
                sims.put(ids.get(i), List.copyOf(list.size() > neighbours ? list.subList(0, neighbours) : list));
            }
        }
        similar = sims;
    }

    /** The articles most similar to {@code articleId}, best first; empty when unknown. */
    public List<ScoredArticle> similar(String articleId, int n) {
        List<ScoredArticle> l = similar.getOrDefault(articleId, List.of());
        return l.size() > n ? l.subList(0, n) : l;
    }

    @Override
    public List<List<ScoredArticle>> recommend(List<String> customerIds, int k, boolean filterAlreadyBought) {
        List<List<ScoredArticle>> out = new ArrayList<>(customerIds.size());
        for (String c : customerIds) {
            CustomerEdges h = histories.get(c);
            if (h == null) {
                out.add(List.of());
                continue;
            }
            Set<String> bought = new HashSet<>();
            Map<String, Double> scores = new HashMap<>();
            for (Edge e : h.edges()) {
                bought.add(e.articleId());
                double w = Ranking.recency(cut, e.lastDay(), recencyHalfLifeDays);
                for (ScoredArticle s : similar.getOrDefault(e.articleId(), List.of())) {
                    scores.merge(s.articleId(), w * s.score(), Double::sum);
                }
            }
            if (filterAlreadyBought) {
                scores.keySet().removeAll(bought);
            }
            out.add(Ranking.top(scores, name(), k));
        }
        return out;
    }

    @Override
    public void save(Path dir) throws IOException {
        try (DataOutputStream out = ModelFiles.create(dir, name(), VERSION)) {
            writeHeader(out);
            out.writeInt(similar.size());
            for (Map.Entry<String, List<ScoredArticle>> e : similar.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().size());
                for (ScoredArticle s : e.getValue()) {
                    out.writeUTF(s.articleId());
                    out.writeDouble(s.score());
                }
            }
            ModelFiles.writeHistories(out, histories);
        }
    }

    private static ItemCfModel load(Path dir) throws IOException {
        try (DataInputStream in = ModelFiles.open(dir, "item-cf", VERSION)) {
            Header header = Header.read(in);
            ItemCfModel m = new ItemCfModel(header.neighbours(), header.recencyHalfLifeDays());
            m.cut = header.cut();
            int n = in.readInt();
            Map<String, List<ScoredArticle>> sims = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                String a = in.readUTF();
                int len = in.readInt();
                List<ScoredArticle> list = new ArrayList<>(len);
                for (int j = 0; j < len; j++) {
                    list.add(new ScoredArticle(in.readUTF(), in.readDouble(), m.name()));
                }
                sims.put(a, List.copyOf(list));
            }
            m.similar = sims;
            m.histories = ModelFiles.readHistories(in);
            return m;
        }
    }
}
