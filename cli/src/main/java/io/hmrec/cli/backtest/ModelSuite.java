package io.hmrec.cli.backtest;

import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.EmbeddingScorer;
import io.hmrec.core.rec.ItemCfModel;
import io.hmrec.core.rec.PopularityModel;
import io.hmrec.core.rec.RecommenderModel;
import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.core.rec.TrainingData;
import io.hmrec.core.rec.UserCfModel;
import io.hmrec.trainer.model.DotProductCfModel;
import io.hmrec.trainer.model.DotProductCfSettings;
import io.hmrec.trainer.model.LightGcnModel;
import io.hmrec.trainer.model.LightGcnSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The standalone models the backtest fits at every weekly cut (on purchases before the cut only) and scores alone:
 * popularity and trending (core {@link PopularityModel} with the state's long and short half-lives), item-based and
 * customer-based CF (core), LightGCN and the dot-product CF (trainer, DJL). The first embedding model fitted also
 * feeds the candidate pool's embedding source and the ranker's {@code emb_score}, as a released model does online.
 */
public final class ModelSuite {
    public static final String POPULARITY = "popularity";
    public static final String TRENDING = "trending";
    public static final String ITEM_CF = "item-cf";
    public static final String CUSTOMER_CF = "customer-cf";
    public static final String LIGHTGCN = LightGcnModel.NAME;
    public static final String DOT_CF = DotProductCfModel.NAME;
    /** Every model name, in report order. */
    public static final List<String> ALL = List.of(POPULARITY, TRENDING, ITEM_CF, CUSTOMER_CF, LIGHTGCN, DOT_CF);
    /** The neural models, which need DJL/PyTorch and the most time. */
    public static final Set<String> NEURAL = Set.of(LIGHTGCN, DOT_CF);

    /** A model fitted at one cut. */
    public record Fitted(String name, RecommenderModel model, Optional<EmbeddingScorer> scorer, double seconds) {
        /** Top-k lists in the order of {@code customers}; the model's name becomes each entry's source. */
        public List<List<ScoredArticle>> recommend(List<String> customers, int k) {
            return model.recommend(customers, k, false);
        }
    }

    private final List<String> enabled;
    private final int epochs;
    private final long seed;
    private final RecommenderSettings settings;

    /**
     * @param enabled model names to fit (a subset of {@link #ALL})
     * @param epochs  training epochs of the neural models (> 0)
     */
    public ModelSuite(List<String> enabled, int epochs, long seed, RecommenderSettings settings) {
        for (String m : enabled) {
            if (!ALL.contains(m)) {
                throw new IllegalArgumentException("unknown model '" + m + "'; expected some of " + ALL);
            }
        }
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
        }
        this.enabled = ALL.stream().filter(enabled::contains).toList();
        this.epochs = epochs;
        this.seed = seed;
        this.settings = settings;
    }

    public List<String> enabled() {
        return enabled;
    }

    /**
     * Fits the enabled models on {@code data}; {@code version} names the embedding scorers.
     *
     * @param only fit only enabled models in this set; null = all enabled
     */
    public Map<String, Fitted> fit(TrainingData data, String version, Set<String> only) {
        Map<String, Fitted> out = new LinkedHashMap<>();
        for (String name : enabled) {
            if (only != null && !only.contains(name)) {
                continue;
            }
            long t0 = System.nanoTime();
            RecommenderModel m = create(name);
            m.fit(data, seed);
            Optional<EmbeddingScorer> scorer = m instanceof LightGcnModel l ? Optional.of(l.scorer(version + "-" + name))
                    : m instanceof DotProductCfModel d ? Optional.of(d.scorer(version + "-" + name)) : Optional.empty();
            out.put(name, new Fitted(name, m, scorer, (System.nanoTime() - t0) / 1e9));
        }
        return out;
    }

    /** The embedding scorer handed to the context: LightGCN's when fitted, else the dot-product CF's. */
    public static Optional<EmbeddingScorer> embeddings(Map<String, Fitted> fitted) {
        for (String name : List.of(LIGHTGCN, DOT_CF)) {
            Fitted f = fitted.get(name);
            if (f != null && f.scorer().isPresent()) {
                return f.scorer();
            }
        }
        return Optional.empty();
    }

    private RecommenderModel create(String name) {
        return switch (name) {
            case POPULARITY -> new PopularityModel(settings.halfLives().popularDays());
            case TRENDING -> new PopularityModel(settings.halfLives().trendingDays());
            case ITEM_CF -> new ItemCfModel(50, 30);
            case CUSTOMER_CF -> new UserCfModel(50, 30);
            case LIGHTGCN -> new LightGcnModel(LightGcnSettings.defaults().withEpochs(epochs).withShowProgress(false));
            case DOT_CF -> new DotProductCfModel(DotProductCfSettings.defaults().withEpochs(epochs).withShowProgress(false));
            default -> throw new IllegalArgumentException("unknown model '" + name + "'");
        };
    }
}
