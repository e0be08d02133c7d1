package io.hmrec.trainer.model;

import java.util.List;

/**
 * What one {@code fit} did.
 *
 * @param model        model name
 * @param epochs       epochs the model has been trained for in total (including resumed ones)
 * @param resumedFrom  epochs restored from a checkpoint (0 when none)
 * @param seconds      wall-clock seconds of this fit, including graph building
 * @param device       DJL device string the model trained on, e.g. {@code cpu()} or {@code gpu(0)}
 * @param epochLosses  mean training loss of each epoch run in this fit
 */
public record FitReport(String model, int epochs, int resumedFrom, double seconds, String device,
                        List<Double> epochLosses) {
    public FitReport {
        epochLosses = List.copyOf(epochLosses);
    }
}
