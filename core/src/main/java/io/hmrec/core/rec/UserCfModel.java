package io.hmrec.core.rec;

import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.state.CustomerEdges;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Customer-based collaborative filtering: a customer's {@code neighbours} most similar customers by cosine over
 * their edge sets ({@code |I_u ∩ I_v| / sqrt(|I_u| |I_v|)}), found through an article → buyers index; an article
 * scores the summed similarity of the neighbours who bought it, each purchase weighted by its recency before the
 * training cut. Memory-based: the fitted state is the customers' edge sets, the index is derived from them.
 */
public final class UserCfModel extends NeighbourhoodModel {
    public static final RecommenderModelLoader LOADER = UserCfModel::load;

    private static final int VERSION = 1;
    /** Buyers of an article visited when looking for neighbours: bounds the cost of very popular articles. */
    private static final int BUYERS_CAP = 2000;

    private Map<String, List<String>> buyersOf = Map.of();

    /**
     * @param neighbours          similar customers consulted (> 0)
     * @param recencyHalfLifeDays how fast a neighbour's purchase loses weight (> 0 days)
     */
    public UserCfModel(int neighbours, double recencyHalfLifeDays) {
        super(neighbours, recencyHalfLifeDays);
    }

    @Override
    public String name() {
        return "user-cf";
    }

    @Override
    void index() {
        // most recent buyers first, so the cap keeps the customers whose taste is current
        Map<String, List<Edge>> raw = new HashMap<>();
        Map<Edge, String> owner = new java.util.IdentityHashMap<>();
        histories.forEach((c, h) -> {
            for (Edge e : h.edges()) {
                raw.computeIfAbsent(e.articleId(), a -> new ArrayList<>()).add(e);
                owner.put(e, c);
            }
        });
        Map<String, List<String>> idx = new HashMap<>();
        raw.forEach((a, es) -> {
            es.sort(Comparator.comparingInt(Edge::lastDay).reversed().thenComparing(owner::get));
            List<String> cs = new ArrayList<>(Math.min(BUYERS_CAP, es.size()));
            for (int i = 0; i < es.size() && i < BUYERS_CAP; i++) {
                cs.add(owner.get(es.get(i)));
            }
            idx.put(a, cs);
        });
        buyersOf = idx;
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
            Map<String, Integer> overlap = new HashMap<>();
            Set<String> bought = new HashSet<>();
            for (Edge e : h.edges()) {
                bought.add(e.articleId());
                for (String v : buyersOf.getOrDefault(e.articleId(), List.of())) {
                    if (!v.equals(c)) {
                        overlap.merge(v, 1, Integer::sum);
                    }
                }
            }
            List<ScoredArticle> sims = new ArrayList<>(overlap.size());
            int mine = h.edges().size();
            overlap.forEach((v, n) -> sims.add(new ScoredArticle(v, n / Math.sqrt((double) mine * histories.get(v).edges().size()), name())));
            sims.sort(ScoredArticle.BEST_FIRST);
            Map<String, Double> scores = new HashMap<>();
            for (int i = 0; i < sims.size() && i < neighbours; i++) {
                ScoredArticle v = sims.get(i);
                for (Edge e : histories.get(v.articleId()).edges()) {
                    if (filterAlreadyBought && bought.contains(e.articleId())) {
                        continue;
                    }
                    scores.merge(e.articleId(), v.score() * Ranking.recency(cut, e.lastDay(), recencyHalfLifeDays), Double::sum);
                }
            }
            out.add(Ranking.top(scores, name(), k));
        }
        return out;
    }

    @Override
    public void save(Path dir) throws IOException {
        try (DataOutputStream out = ModelFiles.create(dir, name(), VERSION)) {
            writeHeader(out);
            ModelFiles.writeHistories(out, histories);
        }
    }

    private static UserCfModel load(Path dir) throws IOException {
        try (DataInputStream in = ModelFiles.open(dir, "user-cf", VERSION)) {
            Header header = Header.read(in);
            UserCfModel m = new UserCfModel(header.neighbours(), header.recencyHalfLifeDays());
            m.cut = header.cut();
            m.histories = ModelFiles.readHistories(in);
            m.index();
            return m;
        }
    }
}
