package io.hmrec.trainer.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LightGCN (He et al., 2020) on the customer–article purchase graph, trained with DJL's PyTorch engine on the GPU
 * when one is present, else the CPU. One ego-embedding table over all nodes (customers, then articles) is propagated
 * through K layers of the normalised adjacency as a COO sparse matrix multiply; the layer mean is the final
 * embedding; the loss is the pairwise softplus of {@link LightGcnLoss} against one negative per positive edge.
 *
 * <p>Each epoch visits every distinct edge once in a seeded shuffled order; negatives come from the stream's samples
 * when the cut has them for the customer, else popularity-weighted draws ({@link NegativeSampler}). With the same
 * seed, data and settings a fit gives the same embeddings, also when resumed from a checkpoint.
 */
public final class LightGcnModel extends EmbeddingRecommender<LightGcnSettings> {
    public static final String NAME = "lightgcn";
    private static final Logger LOG = LoggerFactory.getLogger(LightGcnModel.class);

    public LightGcnModel(LightGcnSettings settings) {
        super(settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    void train(GraphIndex graph, long seed, Device device, long started) {
        LightGcnSettings settings = settings();
        LOG.info("{}: training on {} ({} customers, {} articles, {} edges, batch {})", NAME, device,
                graph.customers(), graph.articles(), graph.edges(), settings.effectiveBatchSize(graph.edges()));
        Engine engine = Engine.getInstance();
        int nc = graph.customers();
        int nodes = nc + graph.articles();
        int dim = settings.dim();
        String fingerprint = settings.fingerprint() + ":" + seed + ":" + graph.fingerprint();
        NegativeSampler sampler = new NegativeSampler(graph);
        int batchSize = settings.effectiveBatchSize(graph.edges());
        int batches = (graph.edges() + batchSize - 1) / batchSize;
        List<Double> losses = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            GraphIndex.Coo coo = graph.normalisedAdjacency();
            NDArray adjacency = SparseMatrices.coo(manager, coo.indices(), coo.values(), new Shape(nodes, nodes));
            NDArray ego = manager.create(normal(nodes * dim, settings.initStd(), mix(seed, -1)), new Shape(nodes, dim));
            AdamOptimizer adam = new AdamOptimizer(List.of(ego), 0f);
            int start = 0;
            if (settings.checkpointDir().isPresent()) {
                var restored = Checkpoint.read(settings.checkpointDir().get(), NAME, fingerprint, manager);
                if (restored.isPresent() && restored.get().epochs() <= settings.epochs()) {
                    NDList arrays = restored.get().arrays();
                    ego.set(arrays.get(0).toFloatArray());
                    adam.restore(arrays.subNDList(1), restored.get().steps(), manager);
                    start = restored.get().epochs();
                    LOG.info("{}: resumed from checkpoint after epoch {}", NAME, start);
                }
            }
            try (TrainingProgress progress = new TrainingProgress(NAME, settings.epochs(), batches, start,
                    settings.showProgress())) {
                for (int epoch = start; epoch < settings.epochs(); epoch++) {
                    long epochStart = System.nanoTime();
                    // per-epoch seeds: a resumed run draws exactly what the uninterrupted run would have drawn
                    Random random = new Random(mix(seed, epoch));
                    engine.setRandomSeed((int) mix(seed, 1_000_000L + epoch));
                    int[] order = shuffled(graph.edges(), random);
                    double lossSum = 0;
                    for (int b = 0; b < batches; b++) {
                        int from = b * batchSize;
                        int size = Math.min(batchSize, graph.edges() - from);
                        long[] users = new long[size];
                        long[] positives = new long[size];
                        long[] negatives = new long[size];
                        for (int i = 0; i < size; i++) {
                            int e = order[from + i];
                            int c = graph.edgeCustomer(e);
                            users[i] = c;
                            positives[i] = nc + graph.edgeArticle(e);
                            negatives[i] = nc + sampler.sample(c, random);
                        }
                        try (NDScope scope = new NDScope()) {
                            scope.suppressNotUsedWarning();
                            LightGcnLoss.Step step = LightGcnLoss.lossAndGradient(adjacency, ego, users, positives,
                                    negatives, settings.layers(), settings.softplusBeta(), settings.weightDecay(),
                                    LightGcnLoss.dropoutMasks(ego, settings.layers(), settings.dropout()));
                            adam.step(settings.learningRate(), List.of(step.gradient()));
                            lossSum += step.loss() * size;
                            progress.step(epoch, lossSum / (from + size));
                        }
                        NativeMemory.trimIfAbove(); // the step's temporaries are freed now
                    }
                    double epochLoss = lossSum / graph.edges();
                    losses.add(epochLoss);
                    progress.epochDone(epoch, epochLoss, (System.nanoTime() - epochStart) / 1e9);
                    if (settings.checkpointDir().isPresent()) {
                        NDList arrays = new NDList(ego);
                        arrays.addAll(adam.state());
                        Checkpoint.write(settings.checkpointDir().get(), NAME, fingerprint, epoch + 1, adam.steps(),
                                arrays);
                    }
                }
            }
            float[] finalEmbeddings;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                finalEmbeddings = LightGcnLoss.propagate(adjacency, ego, settings.layers(), List.of()).toFloatArray();
            }
            float[] customers = new float[nc * dim];
            float[] articles = new float[graph.articles() * dim];
            System.arraycopy(finalEmbeddings, 0, customers, 0, customers.length);
            System.arraycopy(finalEmbeddings, customers.length, articles, 0, articles.length);
            EmbeddingTables tables = new EmbeddingTables(graph.customerIds(), graph.articleIds(), dim, customers,
                    articles, new float[0], new float[0], graph.boughtCopy(), false, 0f, 0f);
            double seconds = (System.nanoTime() - started) / 1e9;
            trainedAs(tables, new FitReport(NAME, settings.epochs(), start, seconds, device.toString(), losses));
            LOG.info("{}: trained {} epochs in {} s on {}", NAME, settings.epochs(), String.format("%.1f", seconds),
                    device);
        }
    }

    /** Loads a model written by {@link #save(Path)}; usable as a {@code RecommenderModelLoader}. */
    public static LightGcnModel load(Path dir) throws IOException {
        readMeta(dir, NAME);
        LightGcnModel model = new LightGcnModel(LightGcnSettings.defaults());
        model.trainedAs(EmbeddingTables.load(dir, false, 0f, 0f), null);
        return model;
    }
}
