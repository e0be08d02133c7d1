package io.hmrec.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam over a fixed list of parameters, updated in place. Written here rather than taken from DJL's
 * {@code Optimizer} because its moment buffers must outlive the per-batch {@link NDScope} that frees every temporary,
 * and must be saved in checkpoints so that a resumed run continues exactly where it stopped.
 *
 * <p>{@code decoupledWeightDecay} is AdamW-style decay ({@code w -= lr * wd * w}, as fastai applies it); models that
 * put an L2 term into their loss pass 0.
 */
final class AdamOptimizer {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final List<NDArray> parameters;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private final float decoupledWeightDecay;
    private long steps;

    AdamOptimizer(List<NDArray> parameters, float decoupledWeightDecay) {
        this.parameters = List.copyOf(parameters);
        this.decoupledWeightDecay = decoupledWeightDecay;
        for (NDArray p : parameters) {
            firstMoments.add(p.zerosLike());
            secondMoments.add(p.zerosLike());
        }
    }

    /**
     * Applies one update with learning rate {@code lr} from gradients computed by the caller (one per parameter, in
     * order, same shapes), as the hand-written backward pass of {@link LightGcnLoss#lossAndGradient} produces them.
     */
    void step(float lr, List<NDArray> gradients) {
        if (gradients.size() != parameters.size()) {
            throw new IllegalArgumentException("need " + parameters.size() + " gradients, got " + gradients.size());
        }
        steps++;
        float correction1 = 1 - (float) Math.pow(BETA1, steps);
        float correction2 = 1 - (float) Math.pow(BETA2, steps);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (int i = 0; i < parameters.size(); i++) {
                update(parameters.get(i), gradients.get(i), firstMoments.get(i), secondMoments.get(i), lr,
                        correction1, correction2);
            }
        }
    }

    /** The Adam(W) update of weights {@code w} with gradient {@code g}, in place on {@code w}, {@code m} and {@code v}. */
    private void update(NDArray w, NDArray g, NDArray m, NDArray v, float lr, float correction1, float correction2) {
        m.muli(BETA1).addi(g.mul(1 - BETA1));
        v.muli(BETA2).addi(g.square().muli(1 - BETA2));
        NDArray update = m.div(correction1).divi(v.div(correction2).sqrt().addi(EPSILON)).muli(lr);
        if (decoupledWeightDecay > 0) {
            w.subi(w.mul(lr * decoupledWeightDecay));
        }
        w.subi(update);
    }

    /**
     * Lazy ("sparse") Adam step: updates only the given rows of each parameter (moments, decay and weights), as
     * embedding tables need — a batch touches a few thousand of 1.37M customer rows, and a dense update of every row
     * per step would cost more than the batch itself. Rows of the other parameters' gradients must be zero outside
     * {@code rows}; gradients of the touched rows are zeroed afterwards.
     *
     * @param rows per parameter, the distinct row indices (int64, 1-D) the batch touched
     */
    void stepRows(float lr, List<NDArray> rows) {
        steps++;
        float correction1 = 1 - (float) Math.pow(BETA1, steps);
        float correction2 = 1 - (float) Math.pow(BETA2, steps);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (int i = 0; i < parameters.size(); i++) {
                NDArray idx = rows.get(i);
                NDIndex at = new NDIndex("{}", idx);
                NDArray w = parameters.get(i);
                NDArray g = w.getGradient();
                NDArray gr = g.get(idx);
                // the touched rows as copies, updated like whole parameters, then written back
                NDArray m = firstMoments.get(i).get(idx);
                NDArray v = secondMoments.get(i).get(idx);
                NDArray wr = w.get(idx);
                update(wr, gr, m, v, lr, correction1, correction2);
                firstMoments.get(i).set(at, m);
                secondMoments.get(i).set(at, v);
                w.set(at, wr);
                g.set(at, gr.zerosLike());
            }
        }
    }

    long steps() {
        return steps;
    }

    /** Moment buffers in parameter order (m0, v0, m1, v1, ...), for checkpoints. */
    NDList state() {
        NDList list = new NDList();
        for (int i = 0; i < parameters.size(); i++) {
            list.add(firstMoments.get(i));
            list.add(secondMoments.get(i));
        }
        return list;
    }

    /** Restores a checkpointed state written by {@link #state()}. */
    void restore(NDList state, long steps, NDManager manager) {
        for (int i = 0; i < parameters.size(); i++) {
            firstMoments.get(i).set(state.get(2 * i).toDevice(manager.getDevice(), false).toFloatArray());
            secondMoments.get(i).set(state.get(2 * i + 1).toDevice(manager.getDevice(), false).toFloatArray());
        }
        this.steps = steps;
    }
}
