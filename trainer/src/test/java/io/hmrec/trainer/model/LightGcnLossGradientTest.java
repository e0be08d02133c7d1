package io.hmrec.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.hmrec.core.model.Purchase;
import io.hmrec.core.rec.TrainingData;
import java.nio.DoubleBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The LightGCN loss's gradient (sparse propagation, softplus, L2): autograd's against central finite differences, and
 * the hand-written backward pass that training uses against autograd's.
 */
class LightGcnLossGradientTest {
    @Test
    void shouldMatchFiniteDifferencesOnATinyGraphInDoublePrecision() {
        GraphIndex.Coo coo = tinyGraph();
        int nodes = coo.size();
        int dim = 3;
        double[] init = gaussian(nodes * dim, 11);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray adjacency = float64(m, coo);
            NDArray users = m.create(new long[] {0, 1, 2, 0});
            NDArray positives = m.create(new long[] {3 + 1, 3 + 3, 3 + 0, 3 + 2});
            NDArray negatives = m.create(new long[] {3 + 3, 3 + 0, 3 + 2, 3 + 3});
            NDArray ego = m.create(init, new Shape(nodes, dim));
            ego.setRequiresGradient(true);
            double[] analytic;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = LightGcnLoss.loss(adjacency, ego, users, positives, negatives, 3, 1.5f, 0.1f, List.of());
                assertThat(loss.getDataType()).isEqualTo(DataType.FLOAT64);
                gc.backward(loss);
            }
            analytic = ego.getGradient().toDoubleArray();
            double h = 1e-6;
            double[] numeric = new double[init.length];
            for (int i = 0; i < init.length; i++) {
                double[] plus = init.clone();
                double[] minus = init.clone();
                plus[i] += h;
                minus[i] -= h;
                numeric[i] = (lossAt(m, adjacency, plus, nodes, dim, users, positives, negatives)
                        - lossAt(m, adjacency, minus, nodes, dim, users, positives, negatives)) / (2 * h);
            }
            double maxDiff = 0;
            double maxAbs = 0;
            for (int i = 0; i < init.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(analytic[i] - numeric[i]));
                maxAbs = Math.max(maxAbs, Math.abs(numeric[i]));
            }
            assertThat(maxAbs).as("the loss must depend on the embeddings").isGreaterThan(1e-3);
            assertThat(maxDiff / maxAbs).as("relative gradient error").isLessThan(1e-6);
        }
    }

    @Test
    void shouldBackPropagateByHandExactlyAsAutogradDoesWithDropoutAndRepeatedRows() {
        GraphIndex.Coo coo = tinyGraph();
        int nodes = coo.size();
        int dim = 4;
        double[] init = gaussian(nodes * dim, 5);
        // customer 0 and article 3 occur twice: their gradients must accumulate
        long[] users = {0, 1, 2, 0};
        long[] positives = {3 + 1, 3 + 3, 3 + 0, 3 + 2};
        long[] negatives = {3 + 3, 3 + 0, 3 + 2, 3 + 3};
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray adjacency = float64(m, coo);
            NDArray ego = m.create(init, new Shape(nodes, dim));
            List<NDArray> masks = LightGcnLoss.dropoutMasks(ego, 3, 0.3f);
            assertThat(masks).hasSize(3);
            assertThat(masks.get(0).eq(0).sum().getLong()).as("a 0.3 dropout drops some messages").isPositive();

            LightGcnLoss.Step byHand = LightGcnLoss.lossAndGradient(adjacency, ego, users, positives, negatives, 3,
                    1.5f, 0.1f, masks);

            ego.setRequiresGradient(true);
            double autogradLoss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = LightGcnLoss.loss(adjacency, ego, m.create(users), m.create(positives),
                        m.create(negatives), 3, 1.5f, 0.1f, masks);
                autogradLoss = loss.getDouble();
                gc.backward(loss);
            }
            double[] autograd = ego.getGradient().toDoubleArray();
            double[] manual = byHand.gradient().toDoubleArray();
            assertThat(byHand.gradient().getShape()).isEqualTo(new Shape(nodes, dim));
            assertThat(byHand.loss()).isCloseTo(autogradLoss, org.assertj.core.data.Offset.offset(1e-12));
            double maxAbs = 0;
            for (int i = 0; i < autograd.length; i++) {
                maxAbs = Math.max(maxAbs, Math.abs(autograd[i]));
            }
            assertThat(maxAbs).as("the loss must depend on the embeddings").isGreaterThan(1e-3);
            for (int i = 0; i < autograd.length; i++) {
                assertThat(manual[i]).as("gradient entry %d", i)
                        .isCloseTo(autograd[i], org.assertj.core.data.Offset.offset(1e-12 * Math.max(1, maxAbs)));
            }
        }
    }

    private static double lossAt(NDManager m, NDArray adjacency, double[] values, int nodes, int dim, NDArray users,
                                 NDArray positives, NDArray negatives) {
        NDArray ego = m.create(values, new Shape(nodes, dim));
        return LightGcnLoss.loss(adjacency, ego, users, positives, negatives, 3, 1.5f, 0.1f, List.of()).getDouble();
    }

    /** 3 customers x 4 articles, uneven degrees so that the normalisation matters. */
    private static GraphIndex.Coo tinyGraph() {
        List<Purchase> purchases = List.of(p("c0", 0), p("c0", 1), p("c0", 2), p("c1", 1), p("c1", 3), p("c2", 0));
        return GraphIndex.of(new TrainingData(TestGraphs.AS_OF, purchases, Map.of(), Map.of(), Map.of()))
                .normalisedAdjacency();
    }

    /** The adjacency in float64, so that gradients can be compared to 1e-12. */
    private static NDArray float64(NDManager m, GraphIndex.Coo coo) {
        double[] weights = new double[coo.values().capacity()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = coo.values().get(i);
        }
        return SparseMatrices.coo(m, coo.indices(), DoubleBuffer.wrap(weights), new Shape(coo.size(), coo.size()));
    }

    private static double[] gaussian(int n, long seed) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextGaussian() * 0.5;
        }
        return values;
    }

    private static Purchase p(String customer, int article) {
        return new Purchase(TestGraphs.AS_OF - 1, customer, TestGraphs.article(article), 0.01, 1);
    }
}
