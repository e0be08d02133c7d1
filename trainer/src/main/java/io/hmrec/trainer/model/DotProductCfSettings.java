package io.hmrec.trainer.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Hyperparameters of {@link DotProductCfModel}, after fastai's {@code collab_learner} (dot product plus biases,
 * sigmoid into {@code y_range}); Adam with one-cycle schedule.
 *
 * @param dim              embedding size (> 0)
 * @param maxLearningRate  peak learning rate of the one-cycle schedule (> 0); fastai default 1e-3
 * @param weightDecay      decoupled (AdamW-style) weight decay (≥ 0); 1e-3
 * @param yLow             lower end of the prediction range; −0.5
 * @param yHigh            upper end of the prediction range (> yLow); 1.5
 * @param negativesPerPositive negative samples (target 0) per positive edge (target 1), ≥ 0
 * @param epochs           passes over the samples (> 0)
 * @param batchSize        samples per step (> 0)
 * @param initStd          standard deviation of the normal initialisation of embeddings (biases start at 0)
 * @param checkpointDir    where to checkpoint after every epoch and resume from; empty for none
 * @param showProgress     draw a progress bar (epoch, loss, ETA) on stderr
 */
public record DotProductCfSettings(int dim, float maxLearningRate, float weightDecay, float yLow, float yHigh,
                                   int negativesPerPositive, int epochs, int batchSize, float initStd,
                                   Optional<Path> checkpointDir, boolean showProgress) implements EmbeddingRecommender.Settings {
    public DotProductCfSettings {
        LightGcnSettings.require(dim > 0, "dim must be > 0, got " + dim);
        LightGcnSettings.require(maxLearningRate > 0, "maxLearningRate must be > 0, got " + maxLearningRate);
        LightGcnSettings.require(weightDecay >= 0, "weightDecay must be >= 0, got " + weightDecay);
        LightGcnSettings.require(yHigh > yLow, "yHigh must be > yLow, got [" + yLow + ", " + yHigh + "]");
        LightGcnSettings.require(negativesPerPositive >= 0, "negativesPerPositive must be >= 0");
        LightGcnSettings.require(epochs > 0, "epochs must be > 0, got " + epochs);
        LightGcnSettings.require(batchSize > 0, "batchSize must be > 0, got " + batchSize);
        LightGcnSettings.require(initStd > 0, "initStd must be > 0, got " + initStd);
        checkpointDir = checkpointDir == null ? Optional.empty() : checkpointDir;
    }

    public static DotProductCfSettings defaults() {
        return new DotProductCfSettings(64, 1e-3f, 1e-3f, -0.5f, 1.5f, 1, 5, 4096, 0.01f, Optional.empty(), true);
    }

    public DotProductCfSettings withEpochs(int e) {
        return new DotProductCfSettings(dim, maxLearningRate, weightDecay, yLow, yHigh, negativesPerPositive, e,
                batchSize, initStd, checkpointDir, showProgress);
    }

    public DotProductCfSettings withMaxLearningRate(float lr) {
        return new DotProductCfSettings(dim, lr, weightDecay, yLow, yHigh, negativesPerPositive, epochs, batchSize,
                initStd, checkpointDir, showProgress);
    }

    public DotProductCfSettings withBatchSize(int b) {
        return new DotProductCfSettings(dim, maxLearningRate, weightDecay, yLow, yHigh, negativesPerPositive, epochs, b,
                initStd, checkpointDir, showProgress);
    }

    public DotProductCfSettings withDim(int d) {
        return new DotProductCfSettings(d, maxLearningRate, weightDecay, yLow, yHigh, negativesPerPositive, epochs,
                batchSize, initStd, checkpointDir, showProgress);
    }

    public DotProductCfSettings withCheckpointDir(Path dir) {
        return new DotProductCfSettings(dim, maxLearningRate, weightDecay, yLow, yHigh, negativesPerPositive, epochs,
                batchSize, initStd, Optional.ofNullable(dir), showProgress);
    }

    public DotProductCfSettings withShowProgress(boolean show) {
        return new DotProductCfSettings(dim, maxLearningRate, weightDecay, yLow, yHigh, negativesPerPositive, epochs,
                batchSize, initStd, checkpointDir, show);
    }

    @Override
    public String fingerprint() {
        return "dot-cf:" + dim + ":" + maxLearningRate + ":" + weightDecay + ":" + yLow + ":" + yHigh + ":"
                + negativesPerPositive + ":" + epochs + ":" + batchSize + ":" + initStd;
    }
}
