package io.hmrec.ranker;

import com.microsoft.ml.lightgbm.PredictionType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMException;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rank.CandidateFeatures;
import io.hmrec.core.rank.FeatureRows;
import io.hmrec.core.rec.CandidateRanker;
import io.hmrec.core.rec.CustomerProfile;
import io.hmrec.core.rec.RecContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The learned ranker online: a LightGBM lambdarank model (model text as {@link RankerTrainer} writes it and the model
 * release ships it) scoring a customer's pooled candidates by {@link CandidateFeatures}. Loading checks that the
 * model was trained on exactly these feature names, in this order. Thread-safe (native scoring is serialised) and
 * deterministic: equal inputs give equal scores; ties are broken by article id. Close it to free the native model.
 */
public final class LightGbmRanker implements CandidateRanker, AutoCloseable {
    /** Source label of ranked articles. */
    public static final String SOURCE = "ranker";

    private final String version;
    private final String modelText;
    private final CandidateFeatures features;
    private final LGBMBooster booster;
    private final String predictParameters;
    private boolean closed;

    private LightGbmRanker(String version, String modelText, CandidateFeatures features, LGBMBooster booster,
                           int numThreads) {
        this.version = version;
        this.modelText = modelText;
        this.features = features;
        this.booster = booster;
        this.predictParameters = "num_threads=" + numThreads;
    }

    /**
     * Loads a model from LightGBM model text.
     *
     * @throws IllegalArgumentException when the text is not a LightGBM model, or its feature names differ from
     *                                  {@code features}' names (order included)
     */
    public static LightGbmRanker load(String version, String modelText, CandidateFeatures features, int numThreads) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(modelText, "modelText");
        if (numThreads < 1) {
            throw new IllegalArgumentException("numThreads must be >= 1, got " + numThreads);
        }
        NativeLightGbm.load();
        LGBMBooster booster;
        try {
            booster = LGBMBooster.loadModelFromString(modelText);
        } catch (LGBMException | RuntimeException e) {
            throw new IllegalArgumentException("ranker model " + version + " is not a LightGBM model: " + e.getMessage(), e);
        }
        try {
            features.requireSameNames(Arrays.asList(booster.getFeatureNames()));
        } catch (IllegalArgumentException | LGBMException e) {
            free(booster);
            throw new IllegalArgumentException("ranker model " + version + ": " + e.getMessage(), e);
        }
        return new LightGbmRanker(version, modelText, features, booster, numThreads);
    }

    /** Loads the RANKER_MODEL blob of a model release (UTF-8 LightGBM model text) with the standard features. */
    public static LightGbmRanker fromRelease(String version, byte[] blob) {
        return load(version, new String(blob, StandardCharsets.UTF_8), CandidateFeatures.standard(), 1);
    }

    /** As {@link #fromRelease(String, byte[])} for a process whose recommender settings are {@code settings}. */
    public static LightGbmRanker fromRelease(String version, byte[] blob, io.hmrec.core.rec.RecommenderSettings settings) {
        return load(version, new String(blob, StandardCharsets.UTF_8), CandidateFeatures.of(settings), 1);
    }

    @Override
    public String modelVersion() {
        return version;
    }

    /** The model text this ranker was loaded from. */
    public String modelText() {
        return modelText;
    }

    public CandidateFeatures features() {
        return features;
    }

    @Override
    public List<ScoredArticle> rank(CustomerProfile customer, RecContext context, Map<String, List<ScoredArticle>> bySource) {
        return rank(features.compute(customer, context, bySource));
    }

    /** Every row's article with its model score, best first (ties by article id). */
    public List<ScoredArticle> rank(FeatureRows rows) {
        double[] s = score(rows);
        List<ScoredArticle> out = new ArrayList<>(rows.rows());
        for (int i = 0; i < rows.rows(); i++) {
            out.add(new ScoredArticle(rows.articleIds().get(i), s[i], SOURCE));
        }
        out.sort(ScoredArticle.BEST_FIRST);
        return out;
    }

    /** Model scores of the rows, in row order. */
    public double[] score(FeatureRows rows) {
        if (!rows.names().equals(features.names())) {
            features.requireSameNames(rows.names());
        }
        if (rows.rows() == 0) {
            return new double[0];
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("ranker " + version + " is closed");
            }
            try {
                return booster.predictForMat(rows.values(), rows.rows(), rows.columns(), true,
                        PredictionType.C_API_PREDICT_NORMAL, predictParameters);
            } catch (LGBMException e) {
                throw new IllegalStateException("ranker " + version + " failed to score " + rows.rows() + " candidates of "
                        + rows.customerId() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            free(booster);
        }
    }

    private static void free(LGBMBooster b) {
        try {
            b.close();
        } catch (LGBMException e) {
            // freeing a native model cannot be retried; the process goes on without the memory back
            throw new IllegalStateException("could not free a LightGBM model: " + e.getMessage(), e);
        }
    }
}
