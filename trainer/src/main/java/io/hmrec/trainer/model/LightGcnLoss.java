package io.hmrec.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;

/**
 * The LightGCN forward pass and its pairwise loss as pure functions of NDArrays, so the gradient check tests exactly
 * what training runs.
 *
 * <p>Propagation: E_{k+1} = M_k ⊙ Â E_k with Â = D^-1/2 A D^-1/2 the sparse (COO) normalised bipartite adjacency
 * over all nodes (customers, then articles) and M_k a message-dropout mask (entries 0 or 1/(1−rate); all ones when
 * not training); the final embedding is the mean of E_0..E_K.
 *
 * <p>Loss for a batch of (customer u, positive article p, negative article n), node indices into the stacked table:
 * mean over the batch of softplus_β(s(u,n) − s(u,p)), with softplus_β(x) = log(1 + e^{βx}) / β and s the dot
 * product of final embeddings (β = 1 gives BPR's −log σ(s_p − s_n)); plus LightGCN's L2 term on the batch's ego
 * embeddings: weightDecay · (‖E_0[u]‖² + ‖E_0[p]‖² + ‖E_0[n]‖²) / (2 · batch).
 *
 * <p>Training uses {@link #lossAndGradient}, which back-propagates by hand instead of through autograd. Every step
 * multiplies the whole graph K times forward and K times backward, and that is all of its cost on a CPU; autograd's
 * backward of a sparse product transposes and re-sorts the matrix every time, while Â is symmetric, so the backward
 * pass is just K more products with Â itself. {@link #loss} is the same function for autograd, kept for the
 * gradient tests that pin the hand-written backward pass to it.
 */
public final class LightGcnLoss {
    private LightGcnLoss() {}

    /** The loss of one step and its gradient with respect to the ego embeddings (same shape and type as them). */
    public record Step(double loss, NDArray gradient) {}

    /**
     * One dropout mask per propagated layer for {@code ego}'s shape: entries 0 with probability {@code rate}, else
     * 1/(1−rate); an empty list when {@code rate} is 0. Drawn from the engine's seeded generator.
     */
    public static List<NDArray> dropoutMasks(NDArray ego, int layers, float rate) {
        if (rate == 0) {
            return List.of();
        }
        NDList masks = new NDList();
        for (int k = 0; k < layers; k++) {
            masks.add(ego.getManager().randomUniform(0f, 1f, ego.getShape(), DataType.FLOAT32)
                    .gte(rate).toType(ego.getDataType(), false).divi(sameType(ego, 1 - rate)));
        }
        return masks;
    }

    /** Final (layer-mean) embeddings of every node, shape (nodes, dim); {@code masks} empty for no dropout. */
    public static NDArray propagate(NDArray adjacency, NDArray ego, int layers, List<NDArray> masks) {
        return propagate(adjacency, ego, layers, masks, false);
    }

    /**
     * @param release free each layer as soon as it is summed (only without autograd, which keeps them for backward):
     *                at full size a layer is 376 MB, and the step's peak memory is what limits the machine
     */
    private static NDArray propagate(NDArray adjacency, NDArray ego, int layers, List<NDArray> masks,
                                     boolean release) {
        requireMasks(masks, layers);
        if (layers == 0) {
            return ego;
        }
        // in place where autograd allows it: each array the size of the graph costs a page-faulted allocation
        NDArray sum = null;
        NDArray current = ego;
        for (int k = 0; k < layers; k++) {
            NDArray next = adjacency.matMul(current);
            if (!masks.isEmpty()) {
                NDArray masked = next.mul(masks.get(k));
                closeIf(release, next);
                next = masked;
            }
            sum = sum == null ? ego.add(next) : sum.addi(next);
            if (current != ego) {
                closeIf(release, current);
            }
            current = next;
        }
        closeIf(release, current);
        return sum.divi(sameType(sum, layers + 1));
    }

    private static void closeIf(boolean release, NDArray array) {
        if (release) {
            array.close();
        }
    }

    /** A scalar that keeps the array's precision (DJL turns a Java double into a float64 operand, promoting float32). */
    private static Number sameType(NDArray like, double value) {
        return like.getDataType() == DataType.FLOAT64 ? (Number) value : (Number) (float) value;
    }

    /** Numerically stable softplus_β(x) = (max(βx, 0) + log(1 + e^{−|βx|})) / β. */
    public static NDArray softplus(NDArray x, float beta) {
        NDArray bx = x.mul(beta);
        return bx.maximum(0).add(bx.abs().neg().exp().add(1).log()).div(beta);
    }

    /**
     * Scalar batch loss, differentiable by autograd.
     *
     * @param users     int64 node indices of customers, shape (B)
     * @param positives int64 node indices of bought articles (already offset by the customer count), shape (B)
     * @param negatives int64 node indices of negative articles (offset likewise), shape (B)
     * @param masks     the dropout masks of {@link #dropoutMasks}, or empty for none
     */
    public static NDArray loss(NDArray adjacency, NDArray ego, NDArray users, NDArray positives, NDArray negatives,
                               int layers, float beta, float weightDecay, List<NDArray> masks) {
        NDArray fin = propagate(adjacency, ego, layers, masks);
        NDArray u = fin.get(users);
        NDArray pos = u.mul(fin.get(positives)).sum(new int[] {1});
        NDArray neg = u.mul(fin.get(negatives)).sum(new int[] {1});
        NDArray ranking = softplus(neg.sub(pos), beta).mean();
        if (weightDecay == 0) {
            return ranking;
        }
        NDArray reg = ego.get(users).square().sum().add(ego.get(positives).square().sum())
                .add(ego.get(negatives).square().sum()).mul(sameType(ego, weightDecay / 2.0 / users.size()));
        return ranking.add(reg);
    }

    /**
     * {@link #loss} and its gradient with respect to {@code ego}, back-propagated by hand with no autograd: with F
     * the layer mean and dF its gradient from the batch (non-zero only on the batch's rows),
     * G_K = dF/(K+1), G_k = dF/(K+1) + Â (M_k ⊙ G_{k+1}) (Â is symmetric), and dE_0 = G_0 plus the L2 term's
     * weightDecay · E_0[row] / B for each occurrence of a row in the batch. Rows that occur several times in a batch
     * accumulate, as autograd's would.
     */
    public static Step lossAndGradient(NDArray adjacency, NDArray ego, long[] users, long[] positives,
                                       long[] negatives, int layers, float beta, float weightDecay,
                                       List<NDArray> masks) {
        requireMasks(masks, layers);
        NDManager manager = ego.getManager();
        int b = users.length;
        NDArray fin = propagate(adjacency, ego, layers, masks, true);
        NDArray u = fin.get(manager.create(users));
        NDArray p = fin.get(manager.create(positives));
        NDArray n = fin.get(manager.create(negatives));
        fin.close();
        NDArray x = u.mul(n).sum(new int[] {1}).sub(u.mul(p).sum(new int[] {1}));
        double loss = softplus(x, beta).mean().toType(DataType.FLOAT64, false).getDouble();
        // d softplus_β(x)/dx = σ(βx); the mean divides by B
        NDArray dx = x.mul(beta).neg().exp().add(1).pow(-1).div(sameType(x, b)).expandDims(1);
        NDArray du = dx.mul(n.sub(p)).div(sameType(x, layers + 1));
        NDArray dp = dx.mul(u).neg().div(sameType(x, layers + 1));
        NDArray dn = dx.mul(u).div(sameType(x, layers + 1));
        long[] rows = new long[3 * b];
        System.arraycopy(users, 0, rows, 0, b);
        System.arraycopy(positives, 0, rows, b, b);
        System.arraycopy(negatives, 0, rows, 2 * b, b);
        NDArray scatter = scatterMatrix(manager, rows, ego.getShape().get(0), ego.getDataType());
        NDArray share = scatter.matMul(NDArrays.concat(new NDList(du, dp, dn)));
        NDArray grad = share;
        for (int k = layers - 1; k >= 0; k--) {
            NDArray back = masks.isEmpty() ? grad : grad == share ? grad.mul(masks.get(k)) : grad.muli(masks.get(k));
            NDArray next = adjacency.matMul(back).addi(share);
            if (back != share) {
                back.close(); // G_{k+1}, or its masked copy: done with
            }
            grad = next;
        }
        if (weightDecay > 0) {
            NDArray egoRows = ego.get(manager.create(rows));
            loss += egoRows.square().sum().toType(DataType.FLOAT64, false).getDouble() * weightDecay / 2.0 / b;
            NDArray regRows = scatter.matMul(egoRows.mul(sameType(ego, weightDecay / (double) b)));
            grad = grad == share ? grad.add(regRows) : grad.addi(regRows);
        }
        return new Step(loss, grad);
    }

    /** (nodes × rows.length) COO matrix with a 1 at (rows[j], j): its product with a (rows.length × d) matrix adds
     * each row into its node, duplicates summed (DJL has no scatter-add). */
    private static NDArray scatterMatrix(NDManager manager, long[] rows, long nodes, DataType type) {
        long[] columns = new long[rows.length];
        for (int j = 0; j < columns.length; j++) {
            columns[j] = j;
        }
        NDArray index = manager.create(new long[][] {rows, columns});
        NDArray ones = manager.ones(new Shape(rows.length), type);
        return JniUtils.createSparseCoo((PtNDArray) index, (PtNDArray) ones, new Shape(nodes, rows.length));
    }

    private static void requireMasks(List<NDArray> masks, int layers) {
        if (!masks.isEmpty() && masks.size() != layers) {
            throw new IllegalArgumentException("need one dropout mask per layer (" + layers + "), got " + masks.size());
        }
    }
}
