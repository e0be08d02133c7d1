package io.hmrec.trainer.model;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress of a fit: a console bar (steps, epoch, running loss, ETA) when enabled, and one log line per epoch. */
final class TrainingProgress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingProgress.class);
    private final String model;
    private final int epochs;
    private final ProgressBar bar;

    TrainingProgress(String model, int epochs, long stepsPerEpoch, int startEpoch, boolean show) {
        this.model = model;
        this.epochs = epochs;
        this.bar = show ? new ProgressBarBuilder().setTaskName(model).setStyle(ProgressBarStyle.ASCII)
                .setInitialMax((long) (epochs - startEpoch) * stepsPerEpoch).setUpdateIntervalMillis(500).build() : null;
    }

    void step(int epoch, double runningLoss) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(String.format(" epoch %d/%d loss %.4f", epoch + 1, epochs, runningLoss));
        }
    }

    void epochDone(int epoch, double loss, double seconds) {
        LOG.info("{} epoch {}/{} loss {} in {} s", model, epoch + 1, epochs, String.format("%.5f", loss),
                String.format("%.1f", seconds));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
