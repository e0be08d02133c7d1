package io.hmrec.trainer.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fastai-style dot-product collaborative filter: prediction = yLow + (yHigh − yLow) · σ(e_c · e_a + b_c + b_a),
 * regressed with MSE onto 1 for bought pairs and 0 for negative samples (the stream's when present, else
 * popularity-weighted draws), Adam with decoupled weight decay under a one-cycle schedule. Adam is lazy: a step updates
 * only the embedding and bias rows its batch touched (moments and decay included), which keeps a step's cost
 * proportional to the batch rather than to 1.37M customers. Seeded and resumable like {@link LightGcnModel}.
 */
public final class DotProductCfModel extends EmbeddingRecommender<DotProductCfSettings> {
    public static final String NAME = "dot-cf";
    private static final Logger LOG = LoggerFactory.getLogger(DotProductCfModel.class);

    public DotProductCfModel(DotProductCfSettings settings) {
        super(settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    void train(GraphIndex graph, long seed, Device device, long started) {
        DotProductCfSettings settings = settings();
        LOG.info("{}: training on {} ({} customers, {} articles, {} edges)", NAME, device, graph.customers(),
                graph.articles(), graph.edges());
        Engine engine = Engine.getInstance();
        int nc = graph.customers();
        int na = graph.articles();
        int dim = settings.dim();
        int perEdge = 1 + settings.negativesPerPositive();
        long samplesLong = (long) graph.edges() * perEdge;
        if (samplesLong > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many samples per epoch: " + samplesLong);
        }
        int samples = (int) samplesLong;
        int batches = (samples + settings.batchSize() - 1) / settings.batchSize();
        OneCycleSchedule schedule = OneCycleSchedule.fastai(settings.maxLearningRate(),
                (long) batches * settings.epochs());
        String fingerprint = settings.fingerprint() + ":" + seed + ":" + graph.fingerprint();
        NegativeSampler sampler = new NegativeSampler(graph);
        float range = settings.yHigh() - settings.yLow();
        List<Double> losses = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray customers = manager.create(normal(nc * dim, settings.initStd(), mix(seed, -1)), new Shape(nc, dim));
            NDArray articles = manager.create(normal(na * dim, settings.initStd(), mix(seed, -2)), new Shape(na, dim));
            NDArray customerBias = manager.zeros(new Shape(nc));
            NDArray articleBias = manager.zeros(new Shape(na));
            List<NDArray> params = List.of(customers, articles, customerBias, articleBias);
            params.forEach(p -> p.setRequiresGradient(true));
            AdamOptimizer adam = new AdamOptimizer(params, settings.weightDecay());
            int start = 0;
            if (settings.checkpointDir().isPresent()) {
                var restored = Checkpoint.read(settings.checkpointDir().get(), NAME, fingerprint, manager);
                if (restored.isPresent() && restored.get().epochs() <= settings.epochs()) {
                    NDList arrays = restored.get().arrays();
                    for (int i = 0; i < params.size(); i++) {
                        params.get(i).set(arrays.get(i).toFloatArray());
                    }
                    adam.restore(arrays.subNDList(params.size()), restored.get().steps(), manager);
                    start = restored.get().epochs();
                    LOG.info("{}: resumed from checkpoint after epoch {}", NAME, start);
                }
            }
            try (TrainingProgress progress = new TrainingProgress(NAME, settings.epochs(), batches, start,
                    settings.showProgress())) {
                for (int epoch = start; epoch < settings.epochs(); epoch++) {
                    long epochStart = System.nanoTime();
                    Random random = new Random(mix(seed, epoch));
                    int[] order = shuffled(samples, random);
                    double lossSum = 0;
                    for (int b = 0; b < batches; b++) {
                        int from = b * settings.batchSize();
                        int size = Math.min(settings.batchSize(), samples - from);
                        long[] cs = new long[size];
                        long[] as = new long[size];
                        float[] targets = new float[size];
                        for (int i = 0; i < size; i++) {
                            int s = order[from + i];
                            int e = s / perEdge;
                            int c = graph.edgeCustomer(e);
                            cs[i] = c;
                            boolean positive = s % perEdge == 0;
                            as[i] = positive ? graph.edgeArticle(e) : sampler.sample(c, random);
                            targets[i] = positive ? 1f : 0f;
                        }
                        try (NDScope scope = new NDScope()) {
                            scope.suppressNotUsedWarning();
                            float loss;
                            try (GradientCollector collector = engine.newGradientCollector()) {
                                NDArray c = manager.create(cs);
                                NDArray a = manager.create(as);
                                NDArray prediction = predict(customers, articles, customerBias, articleBias, c, a,
                                        settings.yLow(), range);
                                NDArray l = prediction.sub(manager.create(targets)).square().mean();
                                collector.backward(l);
                                loss = l.getFloat();
                            }
                            NDArray touchedCustomers = manager.create(distinct(cs));
                            NDArray touchedArticles = manager.create(distinct(as));
                            adam.stepRows(schedule.lr(adam.steps()), List.of(touchedCustomers, touchedArticles,
                                    touchedCustomers, touchedArticles));
                            lossSum += (double) loss * size;
                            progress.step(epoch, lossSum / (from + size));
                        }
                        NativeMemory.trimIfAbove(); // the step's temporaries are freed now
                    }
                    double epochLoss = lossSum / samples;
                    losses.add(epochLoss);
                    progress.epochDone(epoch, epochLoss, (System.nanoTime() - epochStart) / 1e9);
                    if (settings.checkpointDir().isPresent()) {
                        NDList arrays = new NDList(params.toArray(new NDArray[0]));
                        arrays.addAll(adam.state());
                        Checkpoint.write(settings.checkpointDir().get(), NAME, fingerprint, epoch + 1, adam.steps(),
                                arrays);
                    }
                }
            }
            EmbeddingTables tables = new EmbeddingTables(graph.customerIds(), graph.articleIds(), dim,
                    customers.toFloatArray(), articles.toFloatArray(), customerBias.toFloatArray(),
                    articleBias.toFloatArray(), graph.boughtCopy(), true, settings.yLow(), settings.yHigh());
            double seconds = (System.nanoTime() - started) / 1e9;
            trainedAs(tables, new FitReport(NAME, settings.epochs(), start, seconds, device.toString(), losses));
            LOG.info("{}: trained {} epochs in {} s on {}", NAME, settings.epochs(), String.format("%.1f", seconds),
                    device);
        }
    }

    private static long[] distinct(long[] values) {
        return java.util.Arrays.stream(values).sorted().distinct().toArray();
    }

    static NDArray predict(NDArray customers, NDArray articles, NDArray customerBias, NDArray articleBias, NDArray c,
                           NDArray a, float yLow, float range) {
        NDArray raw = customers.get(c).mul(articles.get(a)).sum(new int[] {1}).add(customerBias.get(c))
                .add(articleBias.get(a));
        return Activation.sigmoid(raw).mul(range).add(yLow);
    }

    /**
     * Predictions in {@code [yLow, yHigh]} for pairs; NaN where the customer or article is unknown to the model.
     * Used for MAE/RMSE on held-out positives and negatives.
     */
    public double[] predict(List<String> customerIds, List<String> articleIds) {
        if (customerIds.size() != articleIds.size()) {
            throw new IllegalArgumentException("pairs need as many customers as articles: " + customerIds.size()
                    + " vs " + articleIds.size());
        }
        EmbeddingTables t = trained();
        double[] out = new double[customerIds.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.score(customerIds.get(i), articleIds.get(i));
        }
        return out;
    }

    @Override
    public void save(Path dir) throws IOException {
        super.save(dir);
    }

    /** Loads a model written by {@link #save(Path)}; usable as a {@code RecommenderModelLoader}. */
    public static DotProductCfModel load(Path dir) throws IOException {
        Properties meta = readMeta(dir, NAME);
        String[] parts = meta.getProperty("settings", "").split(":");
        DotProductCfSettings s = DotProductCfSettings.defaults();
        float yLow = parts.length > 4 ? Float.parseFloat(parts[4]) : s.yLow();
        float yHigh = parts.length > 5 ? Float.parseFloat(parts[5]) : s.yHigh();
        DotProductCfModel model = new DotProductCfModel(s);
        model.trainedAs(EmbeddingTables.load(dir, true, yLow, yHigh), null);
        return model;
    }
}
