package io.hmrec.trainer.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Hyperparameters of {@link LightGcnModel}. Defaults follow the paper's LightGCN setup: 64-d, 3 layers, lr 0.01,
 * weight decay 0.001, dropout 0.01, 50 epochs, softplus β 1.5.
 *
 * @param dim           embedding size (> 0)
 * @param layers        propagation layers K (≥ 0; 0 is plain matrix factorisation)
 * @param learningRate  Adam learning rate (> 0)
 * @param weightDecay   L2 coefficient on the batch's ego embeddings (≥ 0)
 * @param dropout       message dropout rate on each propagated layer, in [0, 1)
 * @param epochs        passes over all edges (> 0)
 * @param batchSize     (customer, positive, negative) triples per step (> 0); every step propagates the whole graph,
 *                      so larger batches mean fewer propagations per epoch
 * @param maxStepsPerEpoch at most this many steps per epoch (≥ 0; 0 for no cap): a larger graph gets a larger batch
 *                      instead of more steps ({@link #effectiveBatchSize}). A step costs 2K products with the whole
 *                      graph whatever its batch, so without a cap an epoch's time grows with the number of edges
 *                      twice over; with it, an epoch costs at most this many steps
 * @param softplusBeta  β of the pairwise softplus loss (> 0)
 * @param initStd       standard deviation of the normal initialisation of ego embeddings (> 0)
 * @param checkpointDir where to write a checkpoint after every epoch and resume from; empty for none
 * @param showProgress  draw a progress bar (epoch, loss, ETA) on stderr
 */
public record LightGcnSettings(int dim, int layers, float learningRate, float weightDecay, float dropout, int epochs,
                               int batchSize, int maxStepsPerEpoch, float softplusBeta, float initStd,
                               Optional<Path> checkpointDir, boolean showProgress) implements EmbeddingRecommender.Settings {
    /** Steps per epoch at most, by default (see {@code maxStepsPerEpoch}). */
    public static final int DEFAULT_MAX_STEPS_PER_EPOCH = 8;

    public LightGcnSettings {
        require(dim > 0, "dim must be > 0, got " + dim);
        require(layers >= 0, "layers must be >= 0, got " + layers);
        require(learningRate > 0, "learningRate must be > 0, got " + learningRate);
        require(weightDecay >= 0, "weightDecay must be >= 0, got " + weightDecay);
        require(dropout >= 0 && dropout < 1, "dropout must be in [0,1), got " + dropout);
        require(epochs > 0, "epochs must be > 0, got " + epochs);
        require(batchSize > 0, "batchSize must be > 0, got " + batchSize);
        require(maxStepsPerEpoch >= 0, "maxStepsPerEpoch must be >= 0, got " + maxStepsPerEpoch);
        require(softplusBeta > 0, "softplusBeta must be > 0, got " + softplusBeta);
        require(initStd > 0, "initStd must be > 0, got " + initStd);
        checkpointDir = checkpointDir == null ? Optional.empty() : checkpointDir;
    }

    public static LightGcnSettings defaults() {
        return new LightGcnSettings(64, 3, 0.01f, 0.001f, 0.01f, 50, 8192, DEFAULT_MAX_STEPS_PER_EPOCH, 1.5f, 0.1f,
                Optional.empty(), true);
    }

    /** The batch size used on a graph of {@code edges} edges: {@code batchSize}, raised to honour the step cap. */
    public int effectiveBatchSize(int edges) {
        if (maxStepsPerEpoch == 0) {
            return batchSize;
        }
        return (int) Math.max(batchSize, (edges + (long) maxStepsPerEpoch - 1) / maxStepsPerEpoch);
    }

    public LightGcnSettings withMaxStepsPerEpoch(int steps) {
        return new LightGcnSettings(dim, layers, learningRate, weightDecay, dropout, epochs, batchSize, steps,
                softplusBeta, initStd, checkpointDir, showProgress);
    }

    public LightGcnSettings withEpochs(int e) {
        return new LightGcnSettings(dim, layers, learningRate, weightDecay, dropout, e, batchSize, maxStepsPerEpoch,
                softplusBeta, initStd, checkpointDir, showProgress);
    }

    public LightGcnSettings withDim(int d) {
        return new LightGcnSettings(d, layers, learningRate, weightDecay, dropout, epochs, batchSize,
                maxStepsPerEpoch, softplusBeta, initStd, checkpointDir, showProgress);
    }

    public LightGcnSettings withBatchSize(int b) {
        return new LightGcnSettings(dim, layers, learningRate, weightDecay, dropout, epochs, b, maxStepsPerEpoch,
                softplusBeta, initStd, checkpointDir, showProgress);
    }

    public LightGcnSettings withLearningRate(float lr) {
        return new LightGcnSettings(dim, layers, lr, weightDecay, dropout, epochs, batchSize, maxStepsPerEpoch,
                softplusBeta, initStd, checkpointDir, showProgress);
    }

    public LightGcnSettings withCheckpointDir(Path dir) {
        return new LightGcnSettings(dim, layers, learningRate, weightDecay, dropout, epochs, batchSize,
                maxStepsPerEpoch, softplusBeta, initStd, Optional.ofNullable(dir), showProgress);
    }

    public LightGcnSettings withShowProgress(boolean show) {
        return new LightGcnSettings(dim, layers, learningRate, weightDecay, dropout, epochs, batchSize,
                maxStepsPerEpoch, softplusBeta, initStd, checkpointDir, show);
    }

    /**
     * Everything that changes the trained result, for checkpoint compatibility (not the paths or the bar). The epoch
     * count is left out on purpose: nothing in an epoch depends on the total, so a 10-epoch checkpoint can be continued
     * to 50.
     */
    @Override
    public String fingerprint() {
        return "lightgcn:" + dim + ":" + layers + ":" + learningRate + ":" + weightDecay + ":" + dropout
                + ":" + batchSize + ":" + maxStepsPerEpoch + ":" + softplusBeta + ":" + initStd;
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
