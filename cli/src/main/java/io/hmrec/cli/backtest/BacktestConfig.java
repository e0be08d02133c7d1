package io.hmrec.cli.backtest;

import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.ranker.RankerSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything one backtest run needs; immutable.
 *
 * @param dataDir      Kaggle-layout directory (transactions_train.csv required)
 * @param folds        weekly folds ending at the data's last day (>= 1)
 * @param outDir       where predictions, metrics and the report go
 * @param models       standalone models to fit at every cut (subset of {@link ModelSuite#ALL})
 * @param epochs       epochs of the neural models
 * @param rankerWeeks  weeks before each fold whose buyers train that fold's ranker (0 = no ranker)
 * @param embeddings   fit the neural models at every weekly cut and let the first one feed the pools' embedding
 *                     source and the ranker's embedding score (as a released model does online); without it neural
 *                     models are fitted at fold cuts only and scored alone
 * @param trainDays    look-back of the models' training data in days before each cut
 * @param seed         seed of every model and of the ranker
 * @param rec          the recommender settings, shared by the topology and every core component
 * @param ranker       LightGBM settings
 * @param inMemoryState replay into core's in-memory state instead of the topology (same updaters; fast)
 */
public record BacktestConfig(Path dataDir, int folds, Path outDir, List<String> models, int epochs, int rankerWeeks,
                             boolean embeddings, int trainDays, long seed, RecommenderSettings rec, RankerSettings ranker,
                             boolean inMemoryState) {
    public BacktestConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(outDir, "outDir");
        models = List.copyOf(models);
        if (folds < 1) {
            throw new IllegalArgumentException("folds must be >= 1, got " + folds);
        }
        if (rankerWeeks < 0) {
            throw new IllegalArgumentException("ranker weeks must be >= 0, got " + rankerWeeks);
        }
        if (trainDays < 7) {
            throw new IllegalArgumentException("train days must be >= 7, got " + trainDays);
        }
    }

    /** The topology-backed run (the default state). */
    public BacktestConfig(Path dataDir, int folds, Path outDir, List<String> models, int epochs, int rankerWeeks,
                          boolean embeddings, int trainDays, long seed, RecommenderSettings rec, RankerSettings ranker) {
        this(dataDir, folds, outDir, models, epochs, rankerWeeks, embeddings, trainDays, seed, rec, ranker, false);
    }

    /** A copy with the state backend chosen. */
    public BacktestConfig withInMemoryState(boolean inMemory) {
        return new BacktestConfig(dataDir, folds, outDir, models, epochs, rankerWeeks, embeddings, trainDays, seed, rec,
                ranker, inMemory);
    }

    /** Every model: the neural ones are fitted at fold cuts only unless {@code embeddings}. */
    public static final List<String> DEFAULT_MODELS = List.of(ModelSuite.POPULARITY, ModelSuite.TRENDING,
            ModelSuite.ITEM_CF, ModelSuite.CUSTOMER_CF, ModelSuite.LIGHTGCN, ModelSuite.DOT_CF);
}
