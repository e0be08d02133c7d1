package io.hmrec.ranker;

/**
 * LightGBM lambdarank hyperparameters and the sampling of training rows; one immutable record.
 *
 * @param iterations          boosting rounds (> 0)
 * @param learningRate        shrinkage per round, in (0, 1]
 * @param numLeaves           max leaves per tree (>= 2)
 * @param minDataInLeaf       min rows per leaf (>= 1)
 * @param featureFraction     share of features tried per tree, in (0, 1]
 * @param baggingFraction     share of rows per bagging round, in (0, 1]
 * @param maxNegativesPerQuery negatives kept per customer (all positives are kept); a seeded sample
 * @param seed                seed of LightGBM and of the negative sample
 * @param numThreads          LightGBM threads for training and scoring (>= 1): OpenMP spin-waits badly on a busy shared machine, so 1 by default
 */
public record RankerSettings(int iterations, double learningRate, int numLeaves, int minDataInLeaf,
                             double featureFraction, double baggingFraction, int maxNegativesPerQuery, long seed,
                             int numThreads) {
    public RankerSettings {
        require(iterations > 0, "iterations must be > 0, got " + iterations);
        require(learningRate > 0 && learningRate <= 1, "learningRate must be in (0, 1], got " + learningRate);
        require(numLeaves >= 2, "numLeaves must be >= 2, got " + numLeaves);
        require(minDataInLeaf >= 1, "minDataInLeaf must be >= 1, got " + minDataInLeaf);
        require(featureFraction > 0 && featureFraction <= 1, "featureFraction must be in (0, 1], got " + featureFraction);
        require(baggingFraction > 0 && baggingFraction <= 1, "baggingFraction must be in (0, 1], got " + baggingFraction);
        require(maxNegativesPerQuery >= 1, "maxNegativesPerQuery must be >= 1, got " + maxNegativesPerQuery);
        require(numThreads >= 1, "numThreads must be >= 1, got " + numThreads);
    }

    /**
     * Settings for a few hundred to a few thousand customer-week queries of ~150 candidates: small trees with large
     * leaves, because positives are few (about one bought candidate per query) and a deeper model overfits them.
     */
    public static RankerSettings defaults() {
        return new RankerSettings(100, 0.05, 15, 50, 0.8, 0.8, 100, 42L, 1);
    }

    public RankerSettings withIterations(int n) {
        return new RankerSettings(n, learningRate, numLeaves, minDataInLeaf, featureFraction, baggingFraction,
                maxNegativesPerQuery, seed, numThreads);
    }

    public RankerSettings withSeed(long s) {
        return new RankerSettings(iterations, learningRate, numLeaves, minDataInLeaf, featureFraction, baggingFraction,
                maxNegativesPerQuery, s, numThreads);
    }

    public RankerSettings withMinDataInLeaf(int m) {
        return new RankerSettings(iterations, learningRate, numLeaves, m, featureFraction, baggingFraction,
                maxNegativesPerQuery, seed, numThreads);
    }

    /** LightGBM's parameter string for training. */
    String trainingParameters() {
        return "objective=lambdarank metric=ndcg eval_at=12 lambdarank_truncation_level=24"
                + " learning_rate=" + learningRate + " num_leaves=" + numLeaves
                + " min_data_in_leaf=" + minDataInLeaf + " feature_fraction=" + featureFraction
                + " bagging_fraction=" + baggingFraction + " bagging_freq=" + (baggingFraction < 1 ? 1 : 0)
                + " seed=" + seed + " deterministic=true force_row_wise=true num_threads=" + numThreads
                + " verbosity=-1";
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
