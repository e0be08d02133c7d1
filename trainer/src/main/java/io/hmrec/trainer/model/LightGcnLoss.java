package io.hmrec.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.norm.Dropout;

/**
 * The LightGCN forward pass and its pairwise loss as pure functions of NDArrays, so the gradient check tests exactly
 * what training runs.
 *
 * <p>Propagation: E_{k+1} = Â E_k with Â = D^-1/2 A D^-1/2 the sparse (COO) normalised bipartite adjacency over all
 * nodes (customers, then articles); the final embedding is the mean of E_0..E_K. Message dropout (rate
 * {@code dropout}) is applied to each propagated layer while training.
 *
 * <p>Loss for a batch of (customer u, positive article p, negative article n), node indices into the stacked table:
 * mean over the batch of softplus_β(s(u,n) − s(u,p)), with softplus_β(x) = log(1 + e^{βx}) / β and s the dot
 * product of final embeddings (β = 1 gives BPR's −log σ(s_p − s_n)); plus LightGCN's L2 term on the batch's ego
 * embeddings: weightDecay · (‖E_0[u]‖² + ‖E_0[p]‖² + ‖E_0[n]‖²) / (2 · batch).
 */
public final class LightGcnLoss {
    private LightGcnLoss() {}

    /** Final (layer-mean) embeddings of every node, shape (nodes, dim). */
    public static NDArray propagate(NDArray adjacency, NDArray ego, int layers, float dropout, boolean training) {
        NDList all = new NDList(ego);
        NDArray current = ego;
        for (int k = 0; k < layers; k++) {
            current = adjacency.matMul(current);
            if (training && dropout > 0) {
                current = Dropout.dropout(current, dropout, true).head();
            }
            all.add(current);
        }
        return layers == 0 ? ego : NDArrays.add(all.toArray(new NDArray[0])).div(layers + 1);
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
     * Scalar batch loss.
     *
     * @param users     int64 node indices of customers, shape (B)
     * @param positives int64 node indices of bought articles (already offset by the customer count), shape (B)
     * @param negatives int64 node indices of negative articles (offset likewise), shape (B)
     */
    public static NDArray loss(NDArray adjacency, NDArray ego, NDArray users, NDArray positives, NDArray negatives,
                               int layers, float beta, float weightDecay, float dropout, boolean training) {
        NDArray fin = propagate(adjacency, ego, layers, dropout, training);
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
}
