package io.hmrec.core.rec;

import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.state.CustomerEdges;
import io.hmrec.core.state.DecayedCount;
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

/**
 * The non-personalised baseline: every known customer gets the articles with the highest purchase count decayed
 * over event time (half-life in days, as of the training cut), minus what they bought when filtering.
 */
public final class PopularityModel implements RecommenderModel {
    /** Loads a model written by {@link #save(Path)}. */
    public static final RecommenderModelLoader LOADER = PopularityModel::load;

    private static final int VERSION = 1;
    private final double halfLifeDays;
    private List<ScoredArticle> ranked = List.of();
    private Map<String, CustomerEdges> histories = Map.of();

    /** @param halfLifeDays decay of a purchase's weight over event time (> 0 days) */
    public PopularityModel(double halfLifeDays) {
        if (!(halfLifeDays > 0)) {
            throw new IllegalArgumentException("halfLifeDays must be > 0, got " + halfLifeDays);
        }
        this.halfLifeDays = halfLifeDays;
    }

    @Override
    public String name() {
        return "popularity";
    }

    @Override
    public void fit(TrainingData data, long seed) {
        Map<String, DecayedCount> counts = new HashMap<>();
        for (Purchase p : data.purchases()) {
            counts.put(p.articleId(), counts.getOrDefault(p.articleId(), DecayedCount.ZERO).add(1.0, p.day(), halfLifeDays));
        }
        int cut = data.asOfDay() - 1;
        List<ScoredArticle> list = new ArrayList<>(counts.size());
        counts.forEach((a, c) -> list.add(new ScoredArticle(a, c.valueAt(cut, halfLifeDays), name())));
        list.sort(ScoredArticle.BEST_FIRST);
        ranked = List.copyOf(list);
        histories = ModelFiles.histories(data, ModelFiles.MAX_HISTORY);
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
            if (filterAlreadyBought) {
                for (Edge e : h.edges()) {
                    bought.add(e.articleId());
                }
            }
            List<ScoredArticle> list = new ArrayList<>(k);
            for (ScoredArticle a : ranked) {
                if (list.size() >= k) {
                    break;
                }
                if (!bought.contains(a.articleId())) {
                    list.add(a);
                }
            }
            out.add(List.copyOf(list));
        }
        return out;
    }

    @Override
    public void save(Path dir) throws IOException {
        try (DataOutputStream out = ModelFiles.create(dir, name(), VERSION)) {
            out.writeDouble(halfLifeDays);
            out.writeInt(ranked.size());
            for (ScoredArticle a : ranked) {
                out.writeUTF(a.articleId());
                out.writeDouble(a.score());
            }
            ModelFiles.writeHistories(out, histories);
        }
    }

    private static PopularityModel load(Path dir) throws IOException {
        try (DataInputStream in = ModelFiles.open(dir, "popularity", VERSION)) {
            PopularityModel m = new PopularityModel(in.readDouble());
            int n = in.readInt();
            List<ScoredArticle> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(new ScoredArticle(in.readUTF(), in.readDouble(), m.name()));
            }
            m.ranked = List.copyOf(list);
            m.histories = ModelFiles.readHistories(in);
            return m;
        }
    }
}
