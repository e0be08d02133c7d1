package io.hmrec.trainer.model;

/**
 * fastai's one-cycle learning-rate schedule: cosine warm-up from {@code max/divFactor} to {@code max} over the first
 * {@code pctStart} of the steps, then cosine annealing down to {@code max/(divFactor*finalDivFactor)}.
 * (fastai also cycles Adam's beta1; we keep it fixed at 0.9.)
 *
 * @param maxLr          peak learning rate
 * @param totalSteps     optimizer steps of the whole run (> 0)
 * @param pctStart       fraction of steps spent warming up, in (0, 1)
 * @param divFactor      initial lr is maxLr / divFactor
 * @param finalDivFactor final lr is maxLr / (divFactor * finalDivFactor)
 */
public record OneCycleSchedule(float maxLr, long totalSteps, double pctStart, double divFactor, double finalDivFactor) {
    public OneCycleSchedule {
        if (totalSteps <= 0 || pctStart <= 0 || pctStart >= 1 || maxLr <= 0) {
            throw new IllegalArgumentException("one-cycle needs maxLr > 0, totalSteps > 0 and pctStart in (0,1), got "
                    + maxLr + ", " + totalSteps + ", " + pctStart);
        }
    }

    /** fastai's defaults: 25 % warm-up, start at max/25, end at max/25e4. */
    public static OneCycleSchedule fastai(float maxLr, long totalSteps) {
        return new OneCycleSchedule(maxLr, totalSteps, 0.25, 25, 1e4);
    }

    /** Learning rate for 0-based step {@code step}. */
    public float lr(long step) {
        double start = maxLr / divFactor;
        double end = start / finalDivFactor;
        double warm = Math.max(1, Math.round(totalSteps * pctStart));
        double t = Math.min(step, totalSteps - 1);
        if (t < warm) {
            return (float) cosine(start, maxLr, t / warm);
        }
        double rest = Math.max(1, totalSteps - warm);
        return (float) cosine(maxLr, end, (t - warm) / rest);
    }

    private static double cosine(double from, double to, double fraction) {
        return to + (from - to) / 2 * (1 + Math.cos(Math.PI * fraction));
    }
}
